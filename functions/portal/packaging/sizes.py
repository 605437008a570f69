"""
The artifacts' sizes against their limits, and the table `make package` prints.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from portal.packaging.lambda_functions import LambdaFunction

# Lambda's quotas count in binary megabytes (50 MB zipped = 52,428,800 bytes).
MB = 1024 * 1024
# The target for each function's zip, bytecode included; Lambda itself allows
# 50 MB. The upload checker meets it by leaving out what it never imports, pydantic first
# (its PrunedDependencies in infra/template.yaml), to make room for Pillow and pypdf.
LIMIT_BYTES = 5 * MB


@dataclass(frozen=True)
class Artifact:
    function: LambdaFunction
    zipped_bytes: int
    unzipped_bytes: int
    bytecode: bool

    @property
    def limit_bytes(self) -> int:
        return LIMIT_BYTES

    @property
    def is_within_limit(self) -> bool:
        return self.zipped_bytes <= self.limit_bytes


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def render_sizes(artifacts: Sequence[Artifact]) -> str:
    """A table of each artifact's zipped and unzipped size against the limit."""
    rows = [
        (
            "function",
            "artifact",
            "zipped",
            "unzipped",
            "bytecode",
            "limit",
            "zipped within limit",
        )
    ]
    for artifact in artifacts:
        rows.append(
            (
                artifact.function.name,
                shown(artifact.function.archive),
                f"{artifact.zipped_bytes / MB:.1f} MB",
                f"{artifact.unzipped_bytes / MB:.1f} MB",
                "yes" if artifact.bytecode else "no",
                f"{artifact.limit_bytes / MB:g} MB",
                "ok" if artifact.is_within_limit else "OVER",
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join(
        "  ".join(
            cell.rjust(width) if 2 <= column <= 3 else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    )
