"""
The runtime dependencies of the Lambda functions: exported from uv.lock and installed for
the Lambda runtime with uv, without the AWS SDK that the runtime already provides.
"""

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
# The AWS SDK and what it depends on: the Lambda Python runtime ships them, and Powertools
# relies on the runtime's copy. Mirror a change here in the import check of tests/infra/.
SDK_PACKAGES = (
    "boto3",
    "botocore",
    "s3transfer",
    "jmespath",
    "python-dateutil",
    "six",
    "urllib3",
    # The SnapStart hooks' registry (api/snapstart.py): the Python runtimes ship it, and
    # Lambda runs the hooks registered in the runtime's copy.
    "snapshot-restore-py",
)


class PackagingError(Exception):
    """A deployment artifact cannot be built as asked."""


@dataclass(frozen=True)
class Target:
    """
    The interpreter wheels are chosen for. `python_platform` None means this machine's,
    which the tests use to import the artifact here.
    """

    python_version: str
    python_platform: str | None = None


# Runtime: python3.13, Architectures: [arm64] in infra/template.yaml. That runtime is
# Amazon Linux 2023 (glibc 2.34): Pillow's arm64 wheels need manylinux_2_28.
LAMBDA = Target(python_version="3.13", python_platform="aarch64-manylinux_2_28")


def find_uv() -> Path:
    """The uv the Makefile uses: the one on PATH, else the one it bootstraps into .tools/."""
    found = shutil.which("uv")
    if found:
        return Path(found)
    bootstrapped = REPO / ".tools" / "bin" / "uv"
    if bootstrapped.is_file():
        return bootstrapped
    raise PackagingError("uv not found on PATH nor in .tools/bin/; run `make setup` first")


def _run(command: list[str], cwd: Path = REPO) -> str:
    # No managed interpreter downloads: flags choose the target, and GitHub may be unreachable.
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    try:
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=True)
    except subprocess.CalledProcessError as error:
        raise PackagingError(f"{' '.join(command)} failed:\n{error.stderr.strip()}") from error
    return done.stdout


def export_requirements(uv: Path, groups: Sequence[str] = (), pruned: Sequence[str] = ()) -> str:
    """
    The locked runtime dependencies ([project] dependencies, and only the dependency groups
    given), pinned, without the project itself and without the SDK; without the `pruned`
    packages either, nor what only they depend on.
    """
    command = [
        str(uv),
        "export",
        "--frozen",
        "--no-default-groups",
        *(option for group in groups for option in ("--group", group)),
        *(option for package in pruned for option in ("--prune", package)),
        "--no-dev",
        "--no-emit-project",
        "--no-hashes",
        "--no-header",
        "--no-annotate",
    ]
    for package in SDK_PACKAGES:
        command += ["--no-emit-package", package]
    return _run(command)


def normalized_name(name: str) -> str:
    """A distribution's name as PyPI compares names: `Python_Dateutil` is `python-dateutil`."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_names(requirements: str) -> set[str]:
    """The normalized package names of a requirements file."""
    names = set()
    for line in requirements.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(normalized_name(re.split(r"[\s;=<>!~\[]", line, maxsplit=1)[0]))
    return names


def install_requirements(uv: Path, requirements: str, target_dir: Path, target: Target) -> None:
    """
    Installs exactly the given requirements (binary wheels for the target) into a folder.

    `--no-deps`: the export is already complete, and resolving again would bring botocore back
    through a dependency's own requirements.
    """
    target_dir.mkdir(parents=True, exist_ok=True)
    requirements_file = target_dir.parent / f"{target_dir.name}.requirements.txt"
    requirements_file.write_text(requirements, encoding="utf-8")
    command = [
        str(uv),
        "pip",
        "install",
        "--quiet",
        "--python",
        sys.executable,
        "--no-deps",
        "--only-binary",
        ":all:",
        "--target",
        str(target_dir),
        "--python-version",
        target.python_version,
        "--requirement",
        str(requirements_file),
    ]
    if target.python_platform:
        command += ["--python-platform", target.python_platform]
    _run(command)
