"""
`portal diff` against a scripted git history in a temporary repository holding a copy of
the site's inputs: one English sentence changed, one fact changed, one page added, one
anchor renamed, and front matter and navigation changed in the working tree. Each
diff is asserted in every language the change reaches.

Each revision a diff builds costs a build of every language it reaches, so the committed
fact, page and anchor and the working tree's changes are read from one diff: from the
sentence's revision to the working tree. They reach different pages.
"""

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from portal.cli import main
from portal.domain.cases import LANGUAGES
from portal.i18n import translations
from portal.site import revision_diff
from portal.site.build import LanguageResult, build_language
from portal.site.diff_report import render_html
from portal.site.rendered_diff import PageChange, SiteDiff
from portal.site.revision_diff import diff_revisions

REPO = Path(__file__).resolve().parents[2]
TEAMS = {lang: f"@backmarket/translators-{lang}" for lang in LANGUAGES[1:]}
NEW_PAGE = """---
title: Questions about appeals
description: Short answers about appeals.
effective_date: 2026-12-01
change_summary: First publication.
---

Appeals are free of charge. You can appeal once for each decision.
"""


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "legal",
        "GIT_AUTHOR_EMAIL": "legal@example.org",
        "GIT_COMMITTER_NAME": "legal",
        "GIT_COMMITTER_EMAIL": "legal@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module", autouse=True)
def each_revision_built_once(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """
    Consecutive diffs share a revision (start to sentence, then sentence to three...): each
    exported revision is built once per language, and copied for the next diff that needs
    it. The working tree (a git checkout, whose pages take their dates from git) is built
    as `portal diff` builds it.
    """
    kept = tmp_path_factory.mktemp("builds")
    built: dict[tuple[str, str], Path] = {}

    def build_once(config_file: Path, lang: str, site_dir: Path) -> LanguageResult:
        if (config_file.parent / ".git").exists():
            return build_language(config_file, lang, site_dir)
        key = (tree_digest(config_file.parent), lang)
        if key not in built:
            result = build_language(config_file, lang, site_dir)
            built[key] = kept / f"{len(built)}-{lang}"
            shutil.copytree(site_dir, built[key])
            return result
        shutil.copytree(built[key], site_dir)
        return LanguageResult(lang, 0.0)

    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(revision_diff, "build_language", build_once)
        yield


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str | Path]:
    repo = tmp_path_factory.mktemp("legal-texts")
    for name in ("site", "docs"):
        shutil.copytree(REPO / name, repo / name)
    shutil.copy(REPO / "mkdocs.yml", repo / "mkdocs.yml")
    (repo / ".github").mkdir()
    shutil.copy(REPO / ".github" / "CODEOWNERS", repo / ".github" / "CODEOWNERS")
    git(repo, "init", "-q", "-b", "main")
    revisions: dict[str, str | Path] = {"repo": repo, "start": commit(repo, "the site")}

    edit(repo / "docs/en/reviews/appeal.md", "appeal for six months", "appeal for three months")
    revisions["sentence"] = commit(repo, "one sentence in English")

    # One commit for the fact, the page and the anchor: each revision costs a build of every
    # language, and the three changes reach different pages.
    edit(repo / "docs/facts.yml", "authorities: authorities@", "authorities: dsa-authorities@")
    (repo / "docs/en/reviews/faq.md").write_text(NEW_PAGE, encoding="utf-8")
    edit(
        repo / "mkdocs.yml",
        "      - reviews/appeal.md\n",
        "      - reviews/appeal.md\n      - reviews/faq.md\n",
    )
    for lang in LANGUAGES:
        edit(repo / f"docs/{lang}/reviews/appeal.md", "{ #time-limit }", "{ #appeal-deadline }")
    revisions["three"] = commit(repo, "one fact, one page, one anchor")
    return revisions


def changes(diff: SiteDiff, url: str) -> dict[str, PageChange]:
    return {change.lang: change for change in diff.pages if change.url == url}


def diff_of(history: dict[str, str | Path], base: str, head: str | None) -> SiteDiff:
    repo = history["repo"]
    assert isinstance(repo, Path)
    return diff_revisions(repo / "mkdocs.yml", str(history[base]), head and str(history[head]))


@pytest.fixture(scope="module")
def later_changes(history: dict[str, str | Path]) -> SiteDiff:
    """
    From the sentence's revision to the working tree: the fact, the page and the anchor
    (committed), then front matter and a navigation move (not committed).
    """
    repo = history["repo"]
    assert isinstance(repo, Path)
    report = repo / "docs/en/reviews/report.md"
    edit(report, "title: Report a review\n", "title: Report an illegal review\n")
    edit(report, "description: Ask us", "description: Ask us quickly")
    edit(report, "effective_date: 2026-12-01", "effective_date: 2027-01-15")
    edit(report, "change_summary: The", "change_summary: Illegal reviews. The")
    edit(repo / "mkdocs.yml", "      - platform/ranking.md\n", "")
    edit(
        repo / "mkdocs.yml",
        "      - reviews/index.md\n",
        "      - reviews/index.md\n      - platform/ranking.md\n",
    )
    try:
        return diff_of(history, "sentence", None)
    finally:
        git(repo, "checkout", "-q", "--", ".")


def test_one_english_sentence_shows_marked_in_english_and_nowhere_else(
    history: dict[str, str | Path], capsys: pytest.CaptureFixture[str]
) -> None:
    repo = history["repo"]
    assert isinstance(repo, Path)

    code = main(
        [
            *("--config", str(repo / "mkdocs.yml"), "diff"),
            *(str(history["start"]), str(history["sentence"]), "--format", "markdown"),
        ]
    )

    out = capsys.readouterr().out
    assert code == 0
    assert "### `/reviews/appeal/` — Appeal a decision" in out
    assert "**en** · page changed" in out
    assert "- changed: You can appeal for ~~six~~ **three** months from the day" in out
    for lang in LANGUAGES[1:]:  # the translations render their own text: unchanged
        assert f"**{lang}**" not in out
    assert out.count("- changed:") == 1


def test_one_fact_shows_on_every_page_in_every_language_that_uses_it(
    later_changes: SiteDiff,
) -> None:
    diff = later_changes

    assert diff.languages == list(LANGUAGES)
    # the fact's pages, beside the added page and the renamed anchor of the same commit,
    # and the working tree's changed and moved pages
    assert {change.url for change in diff.pages} == {
        "authorities/",
        "authorities/contact/",
        "reviews/faq/",
        "reviews/appeal/",
        "reviews/report/",
        "platform/ranking/",
    }
    for url in ("authorities/", "authorities/contact/"):
        by_lang = changes(diff, url)
        assert sorted(by_lang) == sorted(LANGUAGES)
        for change in by_lang.values():
            # every sentence that changed is one that gives the address (the contact page
            # gives it twice: beside the form, and for a message that got no answer)
            assert change.sentences
            for sentence in change.sentences:
                assert ("-", "authorities@backmarket.com") in sentence.words
                assert ("+", "dsa-authorities@backmarket.com") in sentence.words


def test_an_added_page_is_named_in_english_and_as_missing_in_each_translation(
    later_changes: SiteDiff,
) -> None:
    diff = later_changes

    by_lang = changes(diff, "reviews/faq/")
    assert sorted(by_lang) == sorted(LANGUAGES)
    for lang, change in by_lang.items():
        assert change.status == "added"
        assert change.title == "Questions about appeals"
        assert [s.after for s in change.sentences][-2:] == [
            "Appeals are free of charge.",
            "You can appeal once for each decision.",
        ]
        if lang != "en":  # readers of a translation see the English page under a notice
            notice = translations(lang).gettext("Not yet translated")
            assert change.sentences[0].after == notice
    gaps = {(gap.lang, gap.url, gap.state): gap.owners for gap in diff.translations}
    for lang in LANGUAGES[1:]:
        assert gaps[(lang, "reviews/faq/", "missing")] == (TEAMS[lang],)


def test_a_renamed_anchor_is_flagged_in_every_language(later_changes: SiteDiff) -> None:
    diff = later_changes

    by_lang = changes(diff, "reviews/appeal/")
    assert sorted(by_lang) == sorted(LANGUAGES)
    for change in by_lang.values():
        (anchor,) = change.anchors
        assert (anchor.before, anchor.after, anchor.still_in) == (
            "time-limit",
            "appeal-deadline",
            (),
        )
        assert change.sentences == []  # the heading reads the same


def test_front_matter_and_a_navigation_move_in_the_working_tree(
    later_changes: SiteDiff,
) -> None:
    diff = later_changes

    assert diff.head == "working tree"
    report_changes = changes(diff, "reviews/report/")
    english = report_changes["en"]
    assert ("title", "Report a review", "Report an illegal review") in english.fields
    assert ("effective date", "2026-12-01", "2027-01-15") in english.fields
    assert any(name == "description" for name, _, _ in english.fields)
    for lang in LANGUAGES[1:]:
        assert ("translation", "up to date", "outdated") in report_changes[lang].fields
    for lang in LANGUAGES:
        moved = changes(diff, "platform/ranking/")[lang].moved
        assert moved is not None
        section = translations(lang).gettext
        assert moved == (section("How the marketplace works"), section("Reviews"))
    gaps = {(gap.lang, gap.url, gap.state): gap.owners for gap in diff.translations}
    for lang in LANGUAGES[1:]:
        assert gaps[(lang, "reviews/report/", "outdated")] == (TEAMS[lang],)
    page = render_html(diff)
    assert (
        '<del lang="en">Report a review</del> → <ins lang="en">Report an illegal review</ins>'
        in page
    )
