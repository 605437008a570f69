"""
A page's versions come from its git history: the text in force between two effective
dates, the list, the word-by-word changes, the notices, and the rules on change summaries
and on notice to business users.
"""

import subprocess
from datetime import date
from pathlib import Path

import pytest

from portal.site.config import SiteConfig
from portal.site.history import read_history
from portal.site.language_build import LanguageBuild
from portal.site.translations import check_language
from portal.site.versions import VersionError, page_versions
from tests.versioned_docs import PAGE, TODAY, make_history, page, write

NEXT = PAGE.replace(".md", ".next.md")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("versioned")
    make_history(folder)
    return folder


def site_of(repo: Path) -> SiteConfig:
    return SiteConfig(
        root=repo,
        site_name="Legal",
        site_url="https://legal.example.test/",
        languages={"en": "English", "fr": "Français"},
        nav=[],
    )


def test_each_effective_date_is_a_version_with_its_last_committed_text(repo: Path) -> None:
    history = read_history(repo, ["docs/en"])

    versions = page_versions(history, repo / "docs/en" / PAGE, TODAY)

    assert [(v.effective, v.state) for v in versions] == [
        (date(2026, 1, 15), "past"),
        (date(2026, 2, 15), "past"),
        (date(2026, 3, 15), "current"),
        (date(2026, 6, 20), "upcoming"),
    ]
    assert "We remove" in versions[2].markdown  # the typo fix, not the first commit
    assert versions[2].announced == date(2026, 2, 20)
    assert versions[3].announced == date(2026, 5, 1)


def test_an_upcoming_version_whose_day_has_come_is_the_text_in_force(repo: Path) -> None:
    history = read_history(repo, ["docs/en"])

    versions = page_versions(history, repo / "docs/en" / PAGE, date(2026, 6, 20))

    assert [v.state for v in versions[-2:]] == ["past", "current"]
    assert "two warnings" in versions[-1].markdown


def test_the_build_generates_each_version_and_the_changes_from_the_one_before(
    repo: Path,
) -> None:
    build = LanguageBuild.start(site_of(repo), "en", TODAY)

    generated = build.add_versions([PAGE])

    assert sorted(generated) == [
        "platform/sellers/versions/2026-01-15.md",
        "platform/sellers/versions/2026-02-15.md",
        "platform/sellers/versions/2026-02-15/changes.md",
        "platform/sellers/versions/2026-03-15.md",
        "platform/sellers/versions/2026-03-15/changes.md",
        "platform/sellers/versions/2026-06-20.md",
        "platform/sellers/versions/2026-06-20/changes.md",
    ]
    listing = build.page_context(PAGE, "platform/sellers/", {}, "")["versions"]
    assert [(row["date"], row["state"], row["summary"]) for row in listing] == [
        ("2026-06-20", "upcoming", "Removal after two warnings."),
        ("2026-03-15", "current", "Removal after warnings."),
        ("2026-02-15", "past", "Approval rules."),
        ("2026-01-15", "past", "First publication."),
    ]


def test_the_changes_are_marked_word_by_word_in_words_not_colour(repo: Path) -> None:
    build = LanguageBuild.start(site_of(repo), "en", TODAY)
    build.add_versions([PAGE])

    html, _ = build.render_generated(
        "platform/sellers/versions/2026-06-20/changes.md", "", lambda md: f"<p>{md}</p>"
    )

    assert '<del><span class="portal-visually-hidden">[removed text: </span>three' in html
    assert '<ins><span class="portal-visually-hidden">[added text: </span>two' in html
    assert "Changed:</strong>" in html


def test_an_archived_version_says_it_is_not_current_and_links_the_current_page(
    repo: Path,
) -> None:
    build = LanguageBuild.start(site_of(repo), "en", TODAY)
    build.add_versions([PAGE])
    src = "platform/sellers/versions/2026-02-15.md"

    context = build.page_context(src, "platform/sellers/versions/2026-02-15/", {}, "")

    assert context["archive"]["state"] == "past"
    assert context["archive"]["until_text"] == "15 March 2026"
    assert context["current_href"] == "platform/sellers/"


def test_the_page_in_force_announces_the_upcoming_version(repo: Path) -> None:
    build = LanguageBuild.start(site_of(repo), "fr", TODAY)
    build.add_versions([PAGE])

    context = build.page_context(PAGE, "platform/sellers/", {}, "")

    assert context["upcoming"] == {
        "date": "2026-06-20",
        "date_text": "20 juin 2026",
        "href": "platform/sellers/versions/2026-06-20/",
        "translated": False,
    }


def test_a_translation_of_the_text_in_force_is_not_outdated_by_an_upcoming_text(
    repo: Path,
) -> None:
    build = LanguageBuild.start(site_of(repo), "fr", TODAY)
    build.add_versions([PAGE])
    french = {"effective_date": date(2026, 3, 15)}

    state = build.page_state(PAGE, french)
    report = check_language(site_of(repo), "fr")

    assert state is None
    assert report.outdated == []
    assert [(u.path, u.source_version) for u in report.upcoming] == [(PAGE, "2026-06-20")]


def test_an_upcoming_version_for_business_users_needs_fifteen_days_notice(
    tmp_path: Path,
) -> None:
    make_history(tmp_path)
    write(tmp_path, f"docs/en/{NEXT}", page("Sellers", "2026-06-10", "Sooner.", "Two warnings."))

    with pytest.raises(VersionError, match=r"sellers\.md.*15 days' notice.*2026-06-16"):
        LanguageBuild.start(site_of(tmp_path), "en", TODAY).add_versions([PAGE])


def test_notice_counts_from_the_first_commit_of_the_upcoming_text(tmp_path: Path) -> None:
    make_history(tmp_path)  # announced 2026-05-01 for 2026-06-20: a rebuild days before is fine

    versions = LanguageBuild.start(site_of(tmp_path), "en", date(2026, 6, 15)).add_versions([PAGE])

    assert "platform/sellers/versions/2026-06-20.md" in versions


def test_a_new_effective_date_without_a_new_change_summary_is_refused(tmp_path: Path) -> None:
    make_history(tmp_path)
    write(
        tmp_path,
        f"docs/en/{PAGE}",
        page("Sellers", "2026-04-01", "Removal after warnings.", "Changed.", notice=False),
    )

    with pytest.raises(VersionError, match=r"effective_date changed .* change_summary did not"):
        LanguageBuild.start(site_of(tmp_path), "en", TODAY).add_versions([PAGE])


def test_outside_git_a_page_has_only_its_current_version(tmp_path: Path) -> None:
    write(tmp_path, f"docs/en/{PAGE}", page("Sellers", "2026-03-15", "First.", "Text."))
    (tmp_path / "docs/fr").mkdir()

    generated = LanguageBuild.start(site_of(tmp_path), "en", TODAY).add_versions([PAGE])

    assert list(generated) == ["platform/sellers/versions/2026-03-15.md"]


def test_a_shallow_clone_builds_its_current_versions(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)

    build = LanguageBuild.start(site_of(clone), "en", TODAY)
    generated = build.add_versions([PAGE])

    assert "platform/sellers/versions/2026-03-15.md" in generated
    assert "platform/sellers/versions/2026-01-15.md" not in generated
    assert any("shallow" in warning for warning in build.warnings)
