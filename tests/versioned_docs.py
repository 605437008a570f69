"""
A scripted git history of one page for the versions tests: two past versions, the one in
force (with a typo fixed after it was first committed), and an upcoming one, in English
and, for the older texts, French.
"""

import os
import subprocess
from datetime import date
from pathlib import Path

TODAY = date(2026, 6, 1)
PAGE = "platform/sellers.md"


def page(title: str, effective: str, summary: str, body: str, notice: bool = True) -> str:
    notice_line = "notice_days: 15\n" if notice else ""
    return (
        f'---\ntitle: "{title}"\neffective_date: {effective}\n'
        f'change_summary: "{summary}"\n{notice_line}---\n\n{body}\n'
    )


def git(repo: Path, *args: str, when: str | None = None) -> None:
    env = dict(os.environ)
    if when is not None:
        env.update(GIT_COMMITTER_DATE=when, GIT_AUTHOR_DATE=when)
    subprocess.run(["git", *args], cwd=repo, check=True, env=env, capture_output=True)


def write(repo: Path, path: str, text: str) -> None:
    target = repo / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def commit(repo: Path, files: dict[str, str], when: str) -> None:
    for path, text in files.items():
        write(repo, path, text)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", f"texts of {when}", when=f"{when}T10:00:00+00:00")


def make_history(repo: Path) -> None:
    """The history the tests read; `TODAY` is the build date they pass in."""
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "legal@example.test")
    git(repo, "config", "user.name", "Legal")
    en, fr = f"docs/en/{PAGE}", f"docs/fr/{PAGE}"
    commit(
        repo,
        {
            en: page("Sellers", "2026-01-15", "First publication.", "Sellers must be approved."),
            fr: page(
                "Vendeurs", "2026-01-15", "Première publication.", "Les vendeurs sont agréés."
            ),
        },
        "2026-01-01",
    )
    commit(
        repo,
        {
            en: page("Sellers", "2026-02-15", "Approval rules.", "Sellers must be approved first."),
            fr: page(
                "Vendeurs", "2026-02-15", "Règles d'agrément.", "Les vendeurs sont d'abord agréés."
            ),
        },
        "2026-01-25",
    )
    current = "Sellers must be approved first. We remove a seller's products after three warnings."
    commit(
        repo,
        {en: page("Sellers", "2026-03-15", "Removal after warnings.", current.replace("We", "we"))},
        "2026-02-20",
    )
    french = (
        "Les vendeurs sont d'abord agréés. Nous retirons leurs produits après trois avertissements."
    )
    commit(
        repo,
        {
            en: page("Sellers", "2026-03-15", "Removal after warnings.", current),
            fr: page("Vendeurs", "2026-03-15", "Retrait après avertissements.", french),
        },
        "2026-02-21",
    )
    upcoming = current.replace("three warnings", "two warnings")
    commit(
        repo,
        {
            f"docs/en/{PAGE.replace('.md', '.next.md')}": page(
                "Sellers", "2026-06-20", "Removal after two warnings.", upcoming
            )
        },
        "2026-05-01",
    )
