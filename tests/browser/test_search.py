"""
Search (Material's bundle, its worker, index and stemmers) loads only when the reader
turns to it, and then finds pages in the reader's language.
"""

from urllib.parse import urlparse

from playwright.sync_api import Page, Request

SEARCH_FILES = ("/assets/javascripts/bundle.", "/search/search_index.json", "/lunr/")


def record(page: Page) -> list[str]:
    paths: list[str] = []

    def add(request: Request) -> None:
        paths.append(urlparse(request.url).path)

    page.on("request", add)
    return paths


def test_search_loads_on_focus_and_finds_a_french_page(page: Page, site_url: str) -> None:
    paths = record(page)
    page.goto(f"{site_url}/fr/reviews/")
    page.wait_for_load_state("networkidle")
    before = [path for path in paths if any(part in path for part in SEARCH_FILES)]

    page.get_by_role("textbox", name="Rechercher").focus()
    page.keyboard.type("avis")

    first = page.locator(".md-search-result__item").first
    first.wait_for()
    assert before == []
    assert "/fr/assets/javascripts/lunr/min/lunr.fr.min.js" in paths
    assert first.locator("a").first.evaluate("a => a.href").startswith(f"{site_url}/fr/")


def test_the_slash_shortcut_opens_search_in_dutch(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/nl/platform/ranking/")

    page.keyboard.press("/")
    page.keyboard.type("rangschikking")

    first = page.locator(".md-search-result__item").first
    first.wait_for()
    assert page.get_by_role("textbox", name="Zoeken").evaluate("e => e === document.activeElement")
    assert first.locator("a").first.evaluate("a => a.href").startswith(f"{site_url}/nl/")
