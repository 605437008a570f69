"""
When each file was last changed, from git: read from the one history pass (portal.site.history).
"""

from datetime import date
from pathlib import Path

from portal.site.history import History, read_history


def commit_dates(history: History) -> dict[Path, date]:
    """The date of the last commit touching each file of `history`, keyed by absolute path."""
    return {path: revisions[0].committed for path, revisions in history.files.items() if revisions}


def last_commit_dates(repository: Path, under: str = "docs") -> dict[Path, date]:
    """
    The date of the last commit touching each file below `under`, keyed by absolute path.

    Empty when `repository` is not a git checkout (a tarball, a build container).
    """
    return commit_dates(read_history(repository, (under,)))
