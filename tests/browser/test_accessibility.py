"""
axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on the built pages, and the pages work
with a keyboard, focus visible. `make test` checks every English page and, in the other
languages, one page per template; `make test-full` (weekly in CI) every page in every
language.
"""

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from portal.domain.cases import LANGUAGES
from portal.site.pages import list_pages, read_front_matter
from tests.conftest import REPO
from tests.sitetools import page_url

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Only violations are read: axe then skips listing every passing node (a quarter of a run).
WCAG_AA = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
SOURCES = list_pages(REPO / "docs" / "en")


def template(src: str) -> str:
    """What a page is built around: the home page, its form (front matter `form`), or text."""
    form = read_front_matter(REPO / "docs" / "en" / src).get("form")
    return str(form) if form else "home" if src == "index.md" else "content"


# The first page of each template, in the order of SOURCES.
ONE_PER_TEMPLATE = sorted({template(src): src for src in reversed(SOURCES)}.values())
CHECKED = [
    "",
    "404.html",
    *[f"{lang}/404.html" for lang in LANGUAGES],
    *[f"en/{page_url(src)}" for src in SOURCES],
    *[f"{lang}/{page_url(src)}" for lang in LANGUAGES[1:] for src in ONE_PER_TEMPLATE],
]
EVERY_PAGE = [f"{lang}/{page_url(src)}" for lang in LANGUAGES for src in SOURCES]
PATHS = [
    *CHECKED,
    *[pytest.param(path, marks=pytest.mark.full) for path in EVERY_PAGE if path not in CHECKED],
]


def describe(violations: list[dict[str, Any]]) -> list[str]:
    return [
        f"{v['id']}: {v['help']} at {[node['target'] for node in v['nodes']][:3]}"
        for v in violations
    ]


@pytest.fixture(scope="module")
def axe_page(browser: Browser) -> Page:
    # One tab for all pages keeps the run short; each page is loaded fresh.
    return browser.new_context(locale="en-GB", java_script_enabled=True).new_page()


def test_each_form_the_home_page_and_a_text_page_are_checked_in_every_language() -> None:
    templates = [template(src) for src in ONE_PER_TEMPLATE]

    assert sorted(templates) == [
        "appeal",
        "authority_confirmation",
        "authority_message",
        "content",
        "home",
        "notice",
        "sent",
    ]


@pytest.mark.parametrize("path", PATHS)
def test_no_wcag_a_or_aa_violation(axe_page: Page, site_url: str, path: str) -> None:
    if path == "":
        axe_page.route("**/language.js", lambda route: route.abort())  # stay on the root page
    axe_page.goto(f"{site_url}/{path}")

    results = Axe().run(axe_page, options=WCAG_AA)

    assert describe(results.response["violations"]) == []


def test_a_phone_sized_page_has_no_violation_with_the_menu_open(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{site_url}/nl/reviews/")
    page.get_by_label("Navigatie").first.wait_for(state="attached")
    page.locator("label.md-header__button[for='__drawer']").click()

    results = Axe().run(page, options=WCAG_AA)

    assert describe(results.response["violations"]) == []
    context.close()


def test_the_first_tab_reaches_the_skip_link_with_a_visible_outline(
    page: Page, site_url: str
) -> None:
    page.goto(f"{site_url}/de/platform/ranking/")

    page.keyboard.press("Tab")

    focused = page.evaluate(
        "() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " return [e.className, s.outlineStyle, s.outlineWidth]; }"
    )
    assert "portal-skip" in focused[0].split()
    assert focused[1] == "solid"
    assert focused[2] == "3px"


def test_keyboard_focus_on_a_content_link_is_visible(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/fr/")
    link = page.get_by_role("link", name="Avis", exact=True).first

    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")

    outline = link.evaluate(
        "e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth]"
    )
    assert outline == ["solid", "3px"]


def test_the_language_menu_opens_and_switches_language_with_the_keyboard(
    page: Page, site_url: str
) -> None:
    page.goto(f"{site_url}/en/reviews/appeal/")
    page.get_by_role("button", name="Language: EN").focus()

    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    page.wait_for_url(f"{site_url}/fr/reviews/appeal/")
    assert page.locator("html").get_attribute("lang") == "fr"
