"""
The portal's look in Chromium (issue 13, points 1-2): the header fits a 320 px phone, the
skip link, a 404 page per language, and the language switcher that keeps the section and
shows the current language. `make screenshots` saves each page type for people to review.
"""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from portal.domain.cases import LANGUAGES

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
# The page types that are not forms (tests/browser/test_forms.py saves those).
PAGE_TYPES = {"home": "", "text": "platform/how-it-works/", "not-found": "no-such-page/"}
SWITCHER_NAMES = {
    "en": "Language: EN",
    "fr": "Langue\u00a0: FR",
    "nl": "Taal: NL",
    "de": "Sprache: DE",
    "es": "Idioma: ES",
    "it": "Lingua: IT",
}


def test_at_320_px_the_header_fits_and_shows_the_current_language(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    overflowing = []
    for lang in LANGUAGES:
        page.goto(f"{site_url}/{lang}/orders/warranty-returns-business/")
        header = page.locator(".md-header__inner")
        sizes = header.evaluate(
            "e => [document.documentElement.scrollWidth, e.scrollWidth, e.clientWidth,"
            " ...[...e.querySelectorAll('.portal-wordmark, .portal-wordmark *')]"
            ".map(c => c.scrollWidth - c.clientWidth)]"
        )
        if sizes[0] > 320 or sizes[1] > sizes[2] or any(extra > 0 for extra in sizes[3:]):
            overflowing.append((lang, sizes))
        expect(page.locator(".portal-wordmark__section")).to_be_visible()
        code = page.get_by_role("button", name=SWITCHER_NAMES[lang])
        expect(code).to_be_visible()
        expect(code).to_have_text(lang.upper())
    context.close()

    assert overflowing == []


def test_the_first_tab_shows_the_skip_link_and_enter_moves_focus_to_the_content(
    page: Page, site_url: str
) -> None:
    page.goto(f"{site_url}/fr/reviews/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu principal")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_be_focused()


def test_a_missing_page_answers_404_in_the_language_of_its_address(
    page: Page, site_url: str
) -> None:
    headings = {
        "en": "Page not found",
        "fr": "Page introuvable",
        "nl": "Pagina niet gevonden",
        "de": "Seite nicht gefunden",
        "es": "Página no encontrada",
        "it": "Pagina non trovata",
    }
    for lang, heading in headings.items():
        response = page.goto(f"{site_url}/{lang}/no/such/page/")

        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.get_by_role("button", name=SWITCHER_NAMES[lang])).to_be_visible()
    # Its links work from any address: they are absolute.
    page.get_by_role("contentinfo").get_by_role("link", name="Deutsch").click()
    page.wait_for_url(f"{site_url}/de/")


def test_switching_language_keeps_the_section_the_reader_is_on(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/nl/platform/how-it-works/#payment")

    page.get_by_role("button", name="Taal: NL").hover()
    page.get_by_role("banner").get_by_role("link", name="Deutsch").click()

    page.wait_for_url(f"{site_url}/de/platform/how-it-works/#payment")
    expect(page.locator("#payment")).to_be_in_viewport()


def test_after_scrolling_the_switcher_keeps_the_section_being_read(
    page: Page, site_url: str
) -> None:
    page.goto(f"{site_url}/de/orders/returns/")
    page.locator("h2[id]").nth(2).evaluate("e => e.scrollIntoView()")
    active = page.locator(".md-nav--secondary .md-nav__link--active").first
    expect(active).to_be_attached()
    section = active.evaluate("a => a.hash")

    page.get_by_role("button", name="Sprache: DE").hover()
    page.get_by_role("banner").get_by_role("link", name="Français").click()

    page.wait_for_url(f"{site_url}/fr/orders/returns/{section}")
    assert section.startswith("#")


def test_the_language_button_passes_axe_label_in_name(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/fr/")

    results = Axe().run(
        page, options={"runOnly": {"type": "rule", "values": ["label-content-name-mismatch"]}}
    )

    assert results.response["violations"] == []
    checked = [node["target"] for rule in results.response["passes"] for node in rule["nodes"]]
    assert [".portal-language-button"] in checked


@pytest.mark.screenshots
@pytest.mark.parametrize(("width", "height", "name"), [(375, 812, "phone"), (1280, 900, "desktop")])
def test_each_page_type_is_saved_for_review(
    browser: Browser, site_url: str, width: int, height: int, name: str
) -> None:
    """`make screenshots`: build/screenshots/<type>-<lang>-<phone|desktop>.png, for people."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    too_wide = []
    for kind, path in PAGE_TYPES.items():
        for lang in LANGUAGES:
            page.goto(f"{site_url}/{lang}/{path}")
            page.screenshot(path=str(SCREENSHOTS / f"{kind}-{lang}-{name}.png"), full_page=True)
            if page.evaluate("document.documentElement.scrollWidth") > width:
                too_wide.append(f"{lang}/{path}")
    context.close()

    assert too_wide == []
