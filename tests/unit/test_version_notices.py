"""
The notices about versions, as the theme renders them in each language: an upcoming text
announced on the page in force, and an archived version pointing to the current one.
"""

from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment, FileSystemLoader, select_autoescape

from portal.i18n import translations

OVERRIDES = Path(__file__).resolve().parents[2] / "site" / "overrides"


def render(template: str, lang: str, portal_page: dict[str, Any]) -> str:
    env = Environment(
        loader=FileSystemLoader(OVERRIDES),
        extensions=["jinja2.ext.i18n"],
        autoescape=select_autoescape(),
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["url"] = lambda href: f"/{lang}/{href}"
    return " ".join(env.get_template(template).render(portal_page=portal_page).split())


NEW_TEXT: dict[str, Any] = {
    "date": "2026-06-20",
    "date_text": "20/06/2026",
    "href": "platform/sellers/versions/2026-06-20/",
    "translated": True,
}
UPCOMING = {"current_href": "platform/sellers/", "upcoming": NEW_TEXT}


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "A new version applies from 20/06/2026"),
        (
            "fr",
            "Une nouvelle version s\N{RIGHT SINGLE QUOTATION MARK}applique à partir du 20/06/2026",
        ),
        ("nl", "Vanaf 20/06/2026 geldt een nieuwe versie"),
        ("de", "Ab dem 20/06/2026 gilt eine neue Fassung"),
    ],
)
def test_the_page_in_force_announces_the_new_version_in_its_language(lang: str, words: str) -> None:
    html = render("partials/versions-notice.html", lang, UPCOMING)

    assert words in html
    assert f'href="/{lang}/platform/sellers/versions/2026-06-20/"' in html


def test_an_untranslated_upcoming_text_says_the_link_opens_english() -> None:
    page = {**UPCOMING, "upcoming": {**NEW_TEXT, "translated": False}}

    html = render("partials/versions-notice.html", "fr", page)

    assert "pas encore traduite : le lien ouvre le texte anglais" in html


def test_an_archived_version_is_not_current_and_links_the_current_page() -> None:
    page = {
        "current_href": "platform/sellers/",
        "effective_date_text": "15. Februar 2026",
        "archive": {"state": "past", "changes": False, "until_text": "15. März 2026"},
    }

    html = render("partials/versions-notice.html", "de", page)

    assert "Dies ist nicht die geltende Fassung" in html
    assert "Diese Fassung galt vom 15. Februar 2026 bis zum 15. März 2026." in html
    assert 'href="/de/platform/sellers/">Die geltende Fassung lesen' in html


def test_the_list_marks_an_untranslated_summary_as_english() -> None:
    row = {"date": "2026-06-20", "date_text": "20/06/2026", "href": "v/", "changes_href": None}
    page = {
        "source_lang": "en",
        "feed_href": "feed.xml",
        "versions": [
            {**row, "state": "upcoming", "summary": "Two warnings.", "translated": False},
            {**row, "state": "current", "summary": "Trois avertissements.", "translated": True},
        ],
    }

    html = render("partials/versions.html", "fr", page)

    assert '<strong>(à venir)</strong>: <span lang="en">Two warnings.</span>' in html
    assert "<strong>(en vigueur)</strong>: <span>Trois avertissements.</span>" in html
    assert 'href="/fr/feed.xml" type="application/atom+xml"' in html
