"""
A page missing in a language is built from English with a localized notice; a translation
of an older English version says it may be outdated.
"""

import re
from pathlib import Path

import pytest

from tests.sitetools import parse


@pytest.fixture
def lagging_site(edited_site: Path) -> Path:
    """
    The repository's site with the French report page deleted and the English ranking page
    changed (tests/edited_site.py: MISSING_PAGE, CHANGED_PAGE).
    """
    return edited_site


def notice(path: Path) -> str:
    html = path.read_text("utf-8")
    found = re.search(r'<aside class="portal-notice".*?</aside>', html, re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(0)).split()) if found else ""


def test_a_missing_page_is_built_from_english_with_a_localized_notice(lagging_site: Path) -> None:
    page = lagging_site / "fr/reviews/report/index.html"

    text = notice(page)

    assert "Pas encore traduit" in text
    assert "Vous lisez ci-dessous l'original en anglais" in text
    html = page.read_text("utf-8")
    assert '<h1 id="portal-content" tabindex="-1" lang="en">Report a review</h1>' in html
    assert '<div lang="en"><p>Anyone can ask us to remove a review' in html
    assert parse(page).find("html")[0]["lang"] == "fr"


def test_an_older_translation_says_it_may_be_outdated_and_links_the_english(
    lagging_site: Path,
) -> None:
    page = lagging_site / "fr/platform/ranking/index.html"

    text = notice(page)

    assert "Cette traduction n'est peut-être plus à jour" in text
    assert "1 mars 2027" in text
    assert "22 novembre 2026" in text
    [link] = [
        a
        for a in parse(page).find("a")
        if a.get("hreflang") == "en" and "portal-language-link" not in a.get("class", "")
    ]
    assert link["href"] == "../../../en/platform/ranking/"


def test_up_to_date_pages_and_english_pages_carry_no_notice(lagging_site: Path) -> None:
    assert notice(lagging_site / "fr/reviews/appeal/index.html") == ""
    assert notice(lagging_site / "en/reviews/report/index.html") == ""
    assert notice(lagging_site / "en/platform/ranking/index.html") == ""
