"""
The portal's own look in the built pages (issue 13, points 1-2): the skip link, the
wordmark, the language button's name, the footer's links, a 404 page per language.
"""

import html
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from portal.domain.cases import LANGUAGES
from portal.i18n import translations
from portal.site.pages import list_pages
from tests.edited_site import LEGAL_NOTICE, PRIVACY_POLICY
from tests.sitetools import REPO, built_pages, parse

SOURCES = list_pages(REPO / "docs" / "en")


def pages(built_site: Path) -> list[tuple[str, Path]]:
    found = [
        (lang, path) for lang in LANGUAGES for _src, path in built_pages(built_site, lang, SOURCES)
    ]
    return [*found, *[(lang, built_site / lang / "404.html") for lang in LANGUAGES]]


def _(lang: str, message: str) -> str:
    return translations(lang).gettext(message)


def text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def test_every_page_starts_with_a_skip_link_to_its_content_in_its_language(
    built_site: Path,
) -> None:
    for lang, path in pages(built_site):
        page = path.read_text(encoding="utf-8")
        skip = re.search(r'<a href="#portal-content" class="portal-skip">([^<]*)</a>', page)
        assert skip, path
        assert skip.group(1).strip() == _(lang, "Skip to main content"), path
        # Before the header, so that it is the first stop of the Tab key.
        assert skip.start() < page.index("<header"), path
        assert len(parse(path).find("h1", id="portal-content")) == 1, path


def test_the_skip_link_is_translated() -> None:
    names = {_(lang, "Skip to main content") for lang in LANGUAGES}
    assert len(names) == len(LANGUAGES)


def test_the_header_shows_the_svg_wordmark_and_no_page_title_to_cut_off(
    built_site: Path,
) -> None:
    for lang, path in pages(built_site):
        page = path.read_text(encoding="utf-8")
        header = page[page.index("<header") : page.index("</header>")]
        assert re.search(
            r'<svg class="portal-wordmark__logo"[^>]* role="img" aria-label="Back Market"', header
        ), path
        assert _(lang, "Legal information") in header, path
        assert "md-header__topic" not in header, path


def test_the_language_button_name_contains_its_visible_text(built_site: Path) -> None:
    for lang, path in pages(built_site):
        page = path.read_text(encoding="utf-8")
        button = re.search(
            r'<button[^>]*portal-language-button[^>]*aria-label="([^"]*)"[^>]*>(.*?)</button>',
            page,
            re.S,
        )
        assert button, path
        name, visible = (
            html.unescape(button.group(1)),
            text(re.sub(r"<svg.*?</svg>", "", button.group(2), flags=re.S)),
        )
        assert visible == lang.upper(), path
        assert visible in name and name != visible, path


def test_the_footer_names_the_operator_the_contacts_and_every_language(built_site: Path) -> None:
    for lang, path in pages(built_site):
        page = path.read_text(encoding="utf-8")
        footer = page[page.index('<footer class="md-footer">') : page.index("</footer>")]
        assert "Material for MkDocs" not in page, path
        assert "JUNG S.A.S." in text(footer), path
        base = "/" + path.parent.relative_to(built_site).as_posix() + "/"
        hrefs = [urljoin(base, href) for href in re.findall(r'href="([^"]*)"', footer)]
        assert f"/{lang}/platform/how-it-works/#operator" in hrefs, path
        assert "mailto:legal@backmarket.com" in hrefs, path
        assert f"/{lang}/authorities/contact/" in hrefs, path
        assert f"/{lang}/contact/" in hrefs, path
        assert f"/{lang}/legal/notice/" in hrefs, path
        languages = re.findall(r'hreflang="([a-z]{2})"', footer)
        assert languages == list(LANGUAGES), path
        assert re.search(rf'hreflang="{lang}"[^>]*aria-current="page"', footer), path


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_own_404_page(built_site: Path, lang: str) -> None:
    path = built_site / lang / "404.html"
    page = path.read_text(encoding="utf-8")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)

    assert parse(path).find("html")[0]["lang"] == lang
    assert heading and text(heading.group(1)) == _(lang, "Page not found")
    if lang != "en":
        assert _(lang, "Page not found") != "Page not found"
    # CloudFront answers every missing path with /en/404.html: each page offers the others.
    others = {a["hreflang"] for a in parse(path).find("a") if "hreflang" in a}
    assert others == set(LANGUAGES)


def test_the_footer_links_the_legal_notice_and_privacy_policy_the_facts_give(
    edited_site: Path,
) -> None:
    # tests/edited_site.py points docs/facts.yml's legal links at other sites
    page = (edited_site / "fr" / "index.html").read_text("utf-8")
    footer = page[page.index('<footer class="md-footer">') :]
    assert f'<a href="{LEGAL_NOTICE}">Mentions légales</a>' in footer
    assert f'<a href="{PRIVACY_POLICY}">Politique de confidentialité</a>' in footer
