"""
Mistakes in a page stop the build with a message that names the page.
"""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from portal.site.build import BuildError, build_site
from tests.sitetools import copy_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


def test_a_page_without_an_effective_date_fails_the_build(project: Path) -> None:
    page = project / "docs/en/platform/sellers.md"
    page.write_text(page.read_text("utf-8").replace("effective_date: ", "effective: "), "utf-8")

    with pytest.raises(
        BuildError, match=r"platform/sellers.md: front matter needs an effective_date"
    ):
        build_site(project / "mkdocs.yml", project / "out", ["en"])


def test_a_misspelt_fact_fails_the_build_and_names_the_page(project: Path) -> None:
    page = project / "docs/de/authorities/index.md"
    page.write_text(
        page.read_text("utf-8").replace("facts.email.authorities", "facts.email.authority"), "utf-8"
    )

    with pytest.raises(BuildError, match=r"authorities/index.md: .*authority"):
        build_site(project / "mkdocs.yml", project / "out", ["de"])


def test_a_broken_link_in_a_translation_fails_the_strict_build(project: Path) -> None:
    page = project / "docs/nl/reviews/report.md"
    page.write_text(page.read_text("utf-8").replace("(appeal.md)", "(apeal.md)"), "utf-8")

    with pytest.raises(BuildError, match=r"apeal.md"):
        build_site(project / "mkdocs.yml", project / "out", ["nl"])


def test_an_upcoming_text_for_sellers_with_less_than_fifteen_days_notice_fails_the_build(
    project: Path,
) -> None:
    page = project / "docs/en/platform/sellers.md"
    soon = datetime.now(UTC).date() + timedelta(days=10)
    text = re.sub(r"(?m)^effective_date: .*$", f"effective_date: {soon}", page.read_text("utf-8"))
    upcoming = re.sub(r"(?m)^change_summary: .*$", "change_summary: Sooner.", text)
    (project / "docs/en/platform/sellers.next.md").write_text(upcoming, "utf-8")

    with pytest.raises(BuildError, match=r"platform/sellers.md: .* needs 15 days' notice"):
        build_site(project / "mkdocs.yml", project / "out", ["en"])


def test_an_unknown_language_is_refused(project: Path) -> None:
    with pytest.raises(BuildError, match=r"unknown language\(s\): pt"):
        build_site(project / "mkdocs.yml", project / "out", ["pt"])
