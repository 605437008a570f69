"""
Last-updated dates come from the last commit of each file.
"""

import os
import subprocess
from datetime import date
from pathlib import Path

from portal.site.gitdates import last_commit_dates


def commit(repo: Path, path: str, text: str, when: str) -> None:
    target = repo / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    env = {**os.environ, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
    subprocess.run(["git", "add", path], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-qm", f"edit {path}"], cwd=repo, check=True, env=env)


def test_each_file_gets_the_date_of_its_latest_commit(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "config", "user.email", "t@example.test"], cwd=tmp_path, check=True)
    subprocess.run(["git", "config", "user.name", "T"], cwd=tmp_path, check=True)
    commit(tmp_path, "docs/en/a.md", "one", "2026-01-05T10:00:00+00:00")
    commit(tmp_path, "docs/en/b.md", "one", "2026-02-07T10:00:00+00:00")
    commit(tmp_path, "docs/en/a.md", "two", "2026-03-09T10:00:00+00:00")
    commit(tmp_path, "README.md", "x", "2026-04-01T10:00:00+00:00")

    dates = last_commit_dates(tmp_path)

    assert dates == {
        (tmp_path / "docs/en/a.md").resolve(): date(2026, 3, 9),
        (tmp_path / "docs/en/b.md").resolve(): date(2026, 2, 7),
    }


def test_a_folder_outside_git_has_no_dates(tmp_path: Path) -> None:
    assert last_commit_dates(tmp_path) == {}
