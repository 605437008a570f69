"""
Bytecode in the artifacts. Lambda's /var/task is read-only: without .pyc files, every cold
start compiles every module it imports, which on a small machine costs as much again as the
import itself. The files are compiled by an interpreter of the runtime's version, as
unchecked hash-based .pyc, which do not depend on the file times a zip keeps. The
dependencies ship their bytecode only, without sources.
"""

import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from portal.packaging.requirements import PackagingError


def interpreter_version(python: Path) -> str:
    """`3.13` for a Python 3.13 interpreter."""
    try:
        done = subprocess.run(
            [str(python), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        raise PackagingError(f"{python} does not run as a Python interpreter: {error}") from error
    return done.stdout.strip()


def find_interpreter(version: str) -> Path | None:
    """
    This Python when it has the version, else a working `python<version>` on PATH (a
    pyenv shim may name a version that is not installed), else None.
    """
    if f"{sys.version_info.major}.{sys.version_info.minor}" == version:
        return Path(sys.executable)
    found = shutil.which(f"python{version}")
    if found is None:
        return None
    try:
        return Path(found) if interpreter_version(Path(found)) == version else None
    except PackagingError:
        return None


def compile_bytecode(folder: Path, python: Path, version: str) -> None:
    """Every module of the folder compiled by `python`, which must be Python `version`."""
    actual = interpreter_version(python)
    if actual != version:
        raise PackagingError(f"{python} is Python {actual}; the artifact is for Python {version}")
    command = [
        str(python),
        "-m",
        "compileall",
        "-q",
        "-j",
        "0",
        "--invalidation-mode",
        "unchecked-hash",
        str(folder),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PackagingError(f"compiling the artifact's modules failed:\n{done.stdout.strip()}")


def drop_dependency_sources(folder: Path, version: str, kept: Sequence[str]) -> None:
    """
    The dependencies' modules as bytecode only: each compiled module's .pyc moves beside
    it, where Python imports it without a source, and the .py goes; about a sixth of a zip.
    The `kept` top-level packages (the portal's own) keep their sources, for tracebacks
    that quote the line. Run after compile_bytecode for the same Python `version`.
    """
    tag = f"cpython-{version.replace('.', '')}"
    for source in sorted(folder.rglob("*.py")):
        if source.relative_to(folder).parts[0] in kept:
            continue
        compiled = source.parent / "__pycache__" / f"{source.stem}.{tag}.pyc"
        if compiled.is_file():
            compiled.replace(source.with_suffix(".pyc"))
            source.unlink()
    for cache in sorted(folder.rglob("__pycache__"), reverse=True):
        if not any(cache.iterdir()):
            cache.rmdir()
