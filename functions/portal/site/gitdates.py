"""
When each file was last changed, from git: one `git log` for the whole tree.
"""

import subprocess
from datetime import date
from pathlib import Path


def last_commit_dates(repository: Path, under: str = "docs") -> dict[Path, date]:
    """
    The date of the last commit touching each file below `under`, keyed by absolute path.

    Empty when `repository` is not a git checkout (a tarball, a build container).
    """
    try:
        output = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--", under],
            cwd=repository,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        toplevel = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=repository,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[Path, date] = {}
    current: date | None = None
    for line in output.splitlines():
        if line.startswith("\x00"):
            current = date.fromisoformat(line[1:])
        elif line and current is not None:
            dates.setdefault((Path(toplevel) / line).resolve(), current)
    return dates
