"""
The artifacts carry their modules' bytecode, compiled by an interpreter of the runtime's
version, so that a cold start in Lambda's read-only /var/task compiles nothing. Here the
artifacts built for this machine's Python show it; the Lambda ones get bytecode where a
Python 3.13 is found (the deploy pipeline installs one).
"""

import re
import sys
from pathlib import Path

import pytest

from portal.packaging.artifacts import build_artifacts
from portal.packaging.bytecode import compile_bytecode, find_interpreter
from portal.packaging.lambda_functions import lambda_functions
from portal.packaging.requirements import PackagingError, Target
from portal.packaging.sizes import Artifact
from tests.infra.conftest import isolated

HERE = f"{sys.version_info.major}.{sys.version_info.minor}"
# PEP 552: bit 0 of the flags word marks a hash-based .pyc, bit 1 one checked against
# its source. Unchecked: the file times a zip keeps cannot make Python ignore it.
UNCHECKED_HASH = 0b01


def pyc_flags(pyc: Path) -> int:
    return int.from_bytes(pyc.read_bytes()[4:8], "little")


@pytest.mark.slow
def test_every_module_of_the_artifact_has_unchecked_bytecode_for_its_python(
    host_artifacts: dict[str, Artifact],
) -> None:
    artifact = host_artifacts["ApiFunction"]
    root = artifact.function.code_dir
    tag = sys.implementation.cache_tag
    sources = sorted(root.rglob("*.py"))
    missing = [
        source
        for source in sources
        if not (source.parent / "__pycache__" / f"{source.stem}.{tag}.pyc").is_file()
    ]

    assert artifact.bytecode
    assert len(sources) > 50
    assert missing == []
    handler = root / "portal/api/__pycache__" / f"app.{tag}.pyc"
    assert pyc_flags(handler) == UNCHECKED_HASH


@pytest.mark.slow
def test_the_dependencies_ship_bytecode_only_and_the_portal_its_sources_too(
    host_artifacts: dict[str, Artifact],
) -> None:
    root = host_artifacts["ApiFunction"].function.code_dir

    sources = {path.relative_to(root).parts[0] for path in root.rglob("*.py")}
    sourceless = list(root.glob("pydantic/**/*.pyc"))

    assert sources == {"portal"}
    assert (root / "pydantic" / "main.pyc").is_file()
    assert not list(root.glob("pydantic/**/__pycache__"))
    assert len(sourceless) > 50


@pytest.mark.slow
def test_a_handler_imports_from_bytecode_without_compiling_a_module(
    host_artifacts: dict[str, Artifact], runtime_sdk: Path
) -> None:
    root = host_artifacts["ApiFunction"].function.code_dir

    done = isolated("import portal.api.app", root, runtime_sdk, flags=("-v",))

    assert done.returncode == 0, done.stderr
    loaded = re.findall(r"^# code object from '?(.+?)'?$", done.stderr, re.MULTILINE)
    from_artifact = [path for path in loaded if path.startswith(str(root))]
    assert len(from_artifact) > 100
    assert [path for path in from_artifact if not path.endswith(".pyc")] == []


@pytest.mark.slow
def test_with_bytecode_the_zip_stays_within_the_size_limit(
    host_artifacts: dict[str, Artifact],
) -> None:
    for artifact in host_artifacts.values():
        assert artifact.bytecode
        assert artifact.is_within_limit, (artifact.function.name, artifact.zipped_bytes)


@pytest.mark.slow
def test_lambda_artifacts_have_bytecode_exactly_when_a_python_3_13_is_here(
    lambda_artifacts: dict[str, Artifact],
) -> None:
    compiled = find_interpreter("3.13") is not None
    for artifact in lambda_artifacts.values():
        pycs = list(artifact.function.code_dir.rglob("*.pyc"))
        assert artifact.bytecode is compiled
        assert bool(pycs) is compiled
        # The portal's, beside its sources; the dependencies' in place of theirs.
        assert all(
            ".cpython-313." in pyc.name or not pyc.with_suffix(".py").exists() for pyc in pycs
        )


def test_requiring_bytecode_without_an_interpreter_fails_before_building(
    tmp_path: Path,
) -> None:
    with pytest.raises(PackagingError, match=r"no Python 3\.99 here"):
        build_artifacts(
            lambda_functions(),
            tmp_path / "no-uv",
            Target(python_version="3.99"),
            require_bytecode=True,
        )


def test_an_interpreter_of_another_version_is_refused(tmp_path: Path) -> None:
    other = "3.13" if HERE != "3.13" else "3.12"

    with pytest.raises(PackagingError, match=rf"is Python {HERE}; the artifact is for Python"):
        compile_bytecode(tmp_path, Path(sys.executable), other)

    assert list(tmp_path.iterdir()) == []


def fake_interpreter(folder: Path, version: str, script: str) -> None:
    program = folder / f"python{version}"
    program.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    program.chmod(0o755)


def test_an_interpreter_on_path_counts_only_if_it_runs_with_its_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_interpreter(tmp_path, "3.77", "echo 3.77")
    fake_interpreter(tmp_path, "3.78", "echo 'pyenv: python3.78: command not found' >&2; exit 127")
    fake_interpreter(tmp_path, "3.79", "echo 3.11")
    monkeypatch.setenv("PATH", str(tmp_path))

    assert find_interpreter("3.77") == tmp_path / "python3.77"
    assert find_interpreter("3.78") is None
    assert find_interpreter("3.79") is None
    assert find_interpreter("3.80") is None
