"""
The reader's diff without building: sentences marked word by word, anchors that break
links, pages moved in the navigation, the languages a change reaches, CODEOWNERS teams.
"""

from collections.abc import Callable
from pathlib import Path

from portal.site.codeowners import owners, read_rules
from portal.site.diff_report import render_html, render_markdown, render_text
from portal.site.rendered_diff import (
    AnchorChange,
    LanguageSide,
    PageChange,
    SentenceChange,
    SiteDiff,
    anchor_changes,
    compare_language,
    flag_anchors_other_languages,
    moves,
    nav_places,
    sentence_changes,
)
from portal.site.rendered_pages import MISSING, Heading, RenderedPage, read_page
from portal.site.revisions import affected_languages

LANGUAGES = ["en", "fr", "nl", "de"]


def page(url: str, *blocks: str, headings: tuple[Heading, ...] = (), **fields: str) -> RenderedPage:
    return RenderedPage(url=url, blocks=list(blocks), headings=list(headings), **fields)


def test_a_changed_word_marks_the_sentence_and_leaves_the_others_alone() -> None:
    before = ["You can appeal. You have six months. It is free."]
    after = ["You can appeal. You have three months. It is free."]

    changes = sentence_changes(before, after)

    assert changes == [
        SentenceChange(
            "changed",
            "You have six months.",
            "You have three months.",
            ((" ", "You have "), ("-", "six"), ("+", "three"), (" ", " months.")),
        )
    ]


def test_an_unrelated_sentence_in_place_of_another_is_removed_and_added() -> None:
    changes = sentence_changes(["The cat sleeps."], ["Appeals go to a qualified person."])

    assert [change.kind for change in changes] == ["removed", "added"]


def test_a_renamed_heading_anchor_is_paired_with_its_new_anchor() -> None:
    before = page("a/", headings=(Heading("time-limit", "Time limit"), Heading("next", "Next")))
    after = page("a/", headings=(Heading("deadline", "Deadline"), Heading("next", "Next")))

    changes = anchor_changes(before, after)

    assert [(c.before, c.after, c.heading) for c in changes] == [
        ("time-limit", "deadline", "Time limit")
    ]


def test_a_page_moved_to_another_section_or_reordered_is_named() -> None:
    before = nav_places(
        ["index.md", {"Reviews": ["reviews/a.md", "reviews/b.md", "reviews/c.md"]}], str
    )
    after = nav_places(
        ["index.md", {"Reviews": ["reviews/b.md", "reviews/c.md"]}, {"Other": ["reviews/a.md"]}],
        str,
    )
    reordered = nav_places(["index.md", {"Reviews": ["reviews/b.md", "reviews/a.md"]}], str)

    assert moves(before, after) == {"reviews/a/": ("Reviews", "Other")}
    assert moves(before, reordered) == {
        "reviews/b/": ("Reviews, position 2", "Reviews, position 1")
    }


def test_front_matter_fields_added_and_removed_pages_are_reported() -> None:
    places = {"a/": ("(top)", 0)}
    before = LanguageSide(
        {"a/": page("a/", "Same.", title="Old", effective_date="2026-01-01"), "b/": page("b/")},
        places,
    )
    after = LanguageSide(
        {
            "a/": page("a/", "Same.", title="New", effective_date="2026-02-01"),
            "c/": page("c/", "Hello there.", title="C"),
        },
        places,
    )

    changes = compare_language("fr", before, after)

    assert [(c.url, c.status) for c in changes] == [
        ("a/", "changed"),
        ("b/", "removed"),
        ("c/", "added"),
    ]
    assert changes[0].fields == [
        ("title", "Old", "New"),
        ("effective date", "2026-01-01", "2026-02-01"),
    ]
    assert changes[2].sentences == [SentenceChange("added", "", "Hello there.")]


def _reader(
    files: dict[tuple[str | None, str], str],
) -> Callable[[str | None, str], str | None]:
    return lambda revision, path: files.get((revision, path))


def test_an_english_sentence_needs_only_english_unless_a_translation_falls_back() -> None:
    page_at = "---\neffective_date: 2026-01-01\n---\n"
    files = {
        (rev, f"docs/{lang}/a.md"): page_at + "x"
        for rev in ("base", None)
        for lang in ("en", "fr", "nl")
    }

    chosen = affected_languages(["docs/en/a.md"], LANGUAGES, "en", _reader(files), "base", None)

    assert chosen == ["en", "de"]  # de has no a.md: it shows the English page


def test_a_new_effective_date_facts_or_theme_reach_every_language() -> None:
    files = {
        ("base", "docs/en/a.md"): "---\neffective_date: 2026-01-01\n---\n",
        (None, "docs/en/a.md"): "---\neffective_date: 2026-03-01\n---\n",
    }
    files |= {(rev, f"docs/{lang}/a.md"): "" for rev in ("base", None) for lang in LANGUAGES[1:]}
    read = _reader(files)

    assert affected_languages(["docs/en/a.md"], LANGUAGES, "en", read, "base", None) == LANGUAGES
    assert affected_languages(["docs/facts.yml"], LANGUAGES, "en", read, "base", None) == LANGUAGES
    assert affected_languages(["docs/nl/a.md"], LANGUAGES, "en", read, "base", None) == ["nl"]


def test_codeowners_names_the_translators_of_a_language_folder(tmp_path: Path) -> None:
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github/CODEOWNERS").write_text(
        "* @org/eng\n/docs/fr/   @org/translators-fr # French\n", encoding="utf-8"
    )
    rules = read_rules(tmp_path)

    assert owners(rules, "docs/fr/reviews/appeal.md") == ["@org/translators-fr"]
    assert owners(rules, "docs/nl/index.md") == ["@org/eng"]


def test_the_reports_mark_the_words_in_every_format() -> None:
    change = PageChange("fr", "reviews/appeal/", "changed", "Contester")
    change.sentences = sentence_changes(["Six mois."], ["Trois mois."])
    diff = SiteDiff("main", "working tree", ["fr"], [change])

    assert "~ [-Six-]{+Trois+} mois." in render_text(diff)
    assert "- changed: ~~Six~~ **Trois** mois." in render_markdown(diff)
    assert '<li class="changed" lang="fr"><del>Six</del><ins>Trois</ins> mois.</li>' in (
        render_html(diff)
    )


def test_a_built_page_reads_as_its_title_dates_text_and_anchors(tmp_path: Path) -> None:
    built = tmp_path / "index.html"
    built.write_text(
        '<html><head><meta name="description" content="Short."></head><body>'
        '<nav><p>Menu</p></nav><article class="md-content__inner md-typeset">'
        '<h1 lang="en">Appeal</h1><dl class="portal-dates"><div><dt>Effective</dt>'
        '<dd><time datetime="2026-12-01">1 Dec</time></dd></div></dl>'
        '<p>Appeal <a href="#x">within</a> six<br>months.</p>'
        '<h2 id="time-limit">Time limit</h2><ul><li>One.</li></ul>'
        "<script>ignored()</script></article></body></html>",
        encoding="utf-8",
    )

    page = read_page(built, "reviews/appeal/")

    assert (page.title, page.description, page.effective_date) == ("Appeal", "Short.", "2026-12-01")
    assert page.state == MISSING  # the English heading in another language's build
    assert page.blocks == ["Appeal within six months.", "Time limit", "One."]
    assert page.headings == [Heading("time-limit", "Time limit")]


def test_an_anchor_renamed_in_one_language_names_those_that_keep_it() -> None:
    change = PageChange("en", "reviews/appeal/", "changed", "Appeal")
    change.anchors = [AnchorChange("time-limit", "deadline", "Time limit")]
    kept = {"fr": ["time-limit"], "nl": ["deadline"], "de": ["time-limit"]}

    flag_anchors_other_languages([change], LANGUAGES, lambda lang, url: kept.get(lang))

    assert change.anchors[0].still_in == ("fr", "de")
