"""
Readers land on their language, switch language without losing their page, and every
request a page makes stays on the portal's own host.
"""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, Request

from portal.domain.cases import LANGUAGES
from portal.site.config import language_name


@pytest.mark.parametrize(
    ("locale", "lang"),
    [
        ("fr-BE", "fr"),
        ("de-AT", "de"),
        ("nl-NL", "nl"),
        ("es-ES", "es"),
        ("it-IT", "it"),
        ("pt-PT", None),
    ],
)
def test_the_root_sends_readers_to_their_browser_language(
    browser: Browser, site_url: str, locale: str, lang: str | None
) -> None:
    context = browser.new_context(locale=locale)
    page = context.new_page()

    page.goto(f"{site_url}/")

    if lang:
        page.wait_for_url(f"{site_url}/{lang}/")
        assert page.locator("html").get_attribute("lang") == lang
    else:
        assert page.url == f"{site_url}/"
        assert page.get_by_role("link", name="English").is_visible()
    context.close()


def test_without_scripts_the_root_shows_a_link_to_every_language(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(locale="de-DE", java_script_enabled=False)
    page = context.new_page()

    page.goto(f"{site_url}/")

    assert page.url == f"{site_url}/"
    for name in (language_name(code) for code in LANGUAGES):
        assert page.get_by_role("link", name=name).is_visible()
    context.close()


def test_switching_language_keeps_the_reader_on_the_same_page(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/nl/orders/returns/")

    page.get_by_role("button", name="Taal: NL").hover()
    page.get_by_role("banner").get_by_role("link", name="Deutsch").click()

    page.wait_for_url(f"{site_url}/de/orders/returns/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_role("heading", level=1).inner_text() != ""


def test_search_finds_a_page_in_the_reader_language(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/de/")

    page.get_by_role("textbox", name="Suche").click()
    page.keyboard.type("Bewertungen")

    first = page.locator(".md-search-result__item").first
    first.wait_for()
    href = first.locator("a").first.evaluate("a => a.href")
    assert href.startswith(f"{site_url}/de/")
    assert "Bewertung" in first.inner_text()


@pytest.mark.parametrize(
    "path",
    [
        "",
        "en/",
        "fr/reviews/",
        "nl/platform/quality-assurance-fee/",
        "de/transparency/active-recipients/",
    ],
)
def test_a_page_requests_nothing_from_another_host(
    browser: Browser, site_url: str, path: str
) -> None:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    hosts: list[str] = []

    def record(request: Request) -> None:
        hosts.append(urlparse(request.url).netloc)

    page.on("request", record)
    page.goto(f"{site_url}/{path}")
    page.wait_for_load_state("networkidle")

    own = urlparse(site_url).netloc
    assert hosts, "the page made no request at all"
    assert {host for host in hosts if host} == {own}
    context.close()
