"""
The runtime dependencies exported from uv.lock for the Lambda artifacts.
"""

import re
import tomllib
from pathlib import Path

from portal.packaging.requirements import (
    REPO,
    SDK_PACKAGES,
    export_requirements,
    requirement_names,
)


def group_packages() -> set[str]:
    """The packages named in pyproject.toml's dependency groups (site, local, dev)."""
    groups = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["dependency-groups"]
    return requirement_names("\n".join(spec for specs in groups.values() for spec in specs))


def test_exported_requirements_leave_out_the_sdk_the_runtime_provides(uv: Path) -> None:
    names = requirement_names(export_requirements(uv))

    assert names.isdisjoint(SDK_PACKAGES)
    assert {"aws-lambda-powertools", "babel", "pydantic", "pydantic-core", "tzdata"} <= names


def test_exported_requirements_hold_no_dependency_group(uv: Path) -> None:
    names = requirement_names(export_requirements(uv))

    assert names.isdisjoint(group_packages())
    assert "mkdocs" not in names and "moto" not in names


def test_exported_requirements_are_pinned(uv: Path) -> None:
    lines = [line for line in export_requirements(uv).splitlines() if line.strip()]

    assert lines
    assert all(re.match(r"^[A-Za-z0-9._-]+==[^\s;]+( ;.*)?$", line) for line in lines), lines
