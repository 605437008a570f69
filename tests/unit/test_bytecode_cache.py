"""
The bytecode one environment compiled serves another with the same package files (uv links
them from its cache), and never stands in for a module that changed or is missing.
"""

import importlib.util
import os
import py_compile
import subprocess
import sys
from pathlib import Path

from portal.local.bytecode_cache import restore, save


def installed(site: Path, name: str, text: str) -> Path:
    module = site / "package" / f"{name}.py"
    module.parent.mkdir(parents=True, exist_ok=True)
    module.write_text(text, "utf-8")
    return module


def compiled(module: Path, mode: py_compile.PycInvalidationMode) -> Path:
    written = py_compile.compile(str(module), doraise=True, invalidation_mode=mode)
    assert written is not None
    return Path(written)


def linked_copy(source: Path, target: Path) -> None:
    """What uv does for a second clone: the same file, linked from its cache."""
    target.parent.mkdir(parents=True, exist_ok=True)
    os.link(source, target)


def imported_value(site: Path, name: str) -> tuple[str, str]:
    """The module's VALUE, imported in a fresh Python, and whether it read its bytecode."""
    code = f"import package.{name} as m; print(m.VALUE)"
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(
        [sys.executable, "-v", "-c", code],
        cwd=site,
        capture_output=True,
        text=True,
        check=True,
        env={**env, "PYTHONPATH": str(site)},
    )
    pyc = importlib.util.cache_from_source(str(site / "package" / f"{name}.py"))
    read = f"# code object from '{pyc}'" in done.stderr
    return done.stdout.strip(), "read" if read else "compiled"


def test_a_second_environment_reads_the_first_ones_bytecode_without_compiling(
    tmp_path: Path,
) -> None:
    first, second, cache = tmp_path / "first", tmp_path / "second", tmp_path / "cache"
    module = installed(first, "terms", "VALUE = 'first'\n")
    compiled(module, py_compile.PycInvalidationMode.TIMESTAMP)
    linked_copy(module, second / "package" / "terms.py")

    assert save(first, cache) == 1
    assert restore(second, cache) == 1

    assert imported_value(second, "terms") == ("first", "read")
    assert save(first, cache) == 0  # already kept
    assert restore(second, cache) == 0  # already there


def test_a_changed_module_is_compiled_again_and_the_new_bytecode_kept(tmp_path: Path) -> None:
    first, second, cache = tmp_path / "first", tmp_path / "second", tmp_path / "cache"
    compiled(installed(first, "terms", "VALUE = 'old'\n"), py_compile.PycInvalidationMode.TIMESTAMP)
    save(first, cache)
    installed(second, "terms", "VALUE = 'newer'\n")  # another version: another size

    restore(second, cache)

    assert imported_value(second, "terms") == ("newer", "compiled")
    assert save(second, cache) == 1
    kept = (
        cache / "package" / "__pycache__" / Path(importlib.util.cache_from_source("terms.py")).name
    )
    assert kept.samefile(
        Path(importlib.util.cache_from_source(str(second / "package" / "terms.py")))
    )


def test_nothing_is_restored_for_a_module_the_environment_lacks(tmp_path: Path) -> None:
    first, second, cache = tmp_path / "first", tmp_path / "second", tmp_path / "cache"
    compiled(installed(first, "gone", "VALUE = 1\n"), py_compile.PycInvalidationMode.TIMESTAMP)
    save(first, cache)
    second.mkdir()

    assert restore(second, cache) == 0

    # a folder with only __pycache__ would import as an empty namespace package
    assert list(second.iterdir()) == []


def test_bytecode_python_would_trust_unchecked_is_never_kept(tmp_path: Path) -> None:
    first, cache = tmp_path / "first", tmp_path / "cache"
    compiled(installed(first, "a", "VALUE = 1\n"), py_compile.PycInvalidationMode.UNCHECKED_HASH)
    compiled(installed(first, "b", "VALUE = 2\n"), py_compile.PycInvalidationMode.CHECKED_HASH)

    assert save(first, cache) == 0
    assert not cache.exists()
