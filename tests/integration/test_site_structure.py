"""
The built site: one site per language with the same pages, languages linked page to page.
"""

import json
import posixpath
import re
from datetime import date
from pathlib import Path

import pytest

from portal.domain.cases import LANGUAGES
from portal.site.config import SiteConfig
from portal.site.formatting import long_date
from portal.site.pages import list_pages
from tests.sitetools import built_pages, page_url, parse


@pytest.fixture(scope="module")
def sources(site: SiteConfig) -> list[str]:
    return list_pages(site.docs_dir("en"))


def test_the_site_offers_english_french_dutch_german_spanish_and_italian(
    site: SiteConfig,
) -> None:
    assert list(site.languages) == ["en", "fr", "nl", "de", "es", "it"]


def test_every_language_has_every_english_page_at_the_same_path(
    built_site: Path, sources: list[str]
) -> None:
    assert len(sources) >= 14
    for lang in LANGUAGES:
        missing = [
            src for src, path in built_pages(built_site, lang, sources) if not path.is_file()
        ]
        assert missing == [], f"{lang} lacks {missing}"


def test_every_page_declares_the_language_it_is_served_in(
    built_site: Path, sources: list[str]
) -> None:
    for lang in LANGUAGES:
        for src, path in built_pages(built_site, lang, [*sources, "404.md"]):
            target = path if src != "404.md" else built_site / lang / "404.html"
            html = parse(target).find("html")
            assert html[0]["lang"] == lang, f"{lang}/{src}"


def test_every_page_links_each_language_version_and_x_default(
    built_site: Path, sources: list[str], site: SiteConfig
) -> None:
    for lang in LANGUAGES:
        for src, path in built_pages(built_site, lang, sources):
            links = {
                link["hreflang"]: link["href"]
                for link in parse(path).find("link")
                if link.get("rel", "").split() == ["alternate"] and "hreflang" in link
            }
            url = page_url(src)
            expected: dict[str, str] = {code: f"{site.site_url}{code}/{url}" for code in LANGUAGES}
            expected["x-default"] = f"{site.site_url}en/{url}"
            assert links == expected, f"{lang}/{src}"


def test_the_language_switcher_opens_the_same_page_in_the_other_language(
    built_site: Path, sources: list[str]
) -> None:
    for lang in LANGUAGES:
        for src, path in built_pages(built_site, lang, sources):
            page_dir = posixpath.dirname(path.relative_to(built_site).as_posix())
            switcher = [a for a in parse(path).find("a") if "md-select__link" in a.get("class", "")]
            assert [a["hreflang"] for a in switcher] == list(LANGUAGES)
            for link in switcher:
                target = posixpath.normpath(posixpath.join(page_dir, link["href"]))
                assert target == posixpath.normpath(f"{link['hreflang']}/{page_url(src)}")
                assert (built_site / target / "index.html").is_file()
            current = [a["hreflang"] for a in switcher if a.get("aria-current") == "page"]
            assert current == [lang]


def test_each_language_has_its_own_search_index_and_stemmer(built_site: Path) -> None:
    titles = {
        "en": "Reviews",
        "fr": "Avis",
        "nl": "Reviews",
        "de": "Bewertungen",
        "es": "Reseñas",
        "it": "Recensioni",
    }
    for lang in LANGUAGES:
        index = json.loads((built_site / lang / "search/search_index.json").read_text("utf-8"))
        assert index["config"]["lang"] == [lang]
        assert any(doc["title"] == titles[lang] for doc in index["docs"])
        assert all(not doc["location"].startswith(("en/", "../")) for doc in index["docs"])


def test_each_language_has_a_sitemap_and_the_root_has_an_index_of_them(
    built_site: Path, site: SiteConfig, sources: list[str]
) -> None:
    for lang in LANGUAGES:
        urls = re.findall(r"<loc>([^<]+)</loc>", (built_site / lang / "sitemap.xml").read_text())
        assert sorted(urls) == sorted(f"{site.site_url}{lang}/{page_url(s)}" for s in sources)
    index = (built_site / "sitemap.xml").read_text("utf-8")
    assert "<sitemapindex" in index
    assert re.findall(r"<loc>([^<]+)</loc>", index) == [
        f"{site.site_url}{lang}/sitemap.xml" for lang in LANGUAGES
    ]


def test_the_root_page_offers_every_language_as_a_plain_link(built_site: Path) -> None:
    root = parse(built_site / "index.html")

    links = {a["hreflang"]: a["href"] for a in root.find("a") if "hreflang" in a}

    assert links == {lang: f"{lang}/" for lang in LANGUAGES}
    assert root.find("script", src="language.js")
    assert (built_site / "language.js").is_file()


def test_every_page_shows_its_effective_and_last_updated_dates_in_its_locale(
    built_site: Path, sources: list[str]
) -> None:
    for lang in LANGUAGES:
        for src, path in built_pages(built_site, lang, sources):
            html = path.read_text("utf-8")
            dates = re.search(r'<dl class="portal-dates">.*?</dl>', html, re.DOTALL)
            assert dates, f"{lang}/{src}: no dates"
            found = re.findall(r'<time datetime="([\d-]+)">([^<]+)</time>', dates.group(0))
            assert len(found) == 2, f"{lang}/{src}: effective and last-updated dates"
            for iso, text in found:
                assert text == long_date(date.fromisoformat(iso), lang)


def test_the_staff_console_is_built_but_no_public_page_leads_to_it(built_site: Path) -> None:
    public_pages = [p for p in built_site.rglob("*.html") if "staff" not in p.parts]
    indexed = [
        doc["location"]
        for lang in LANGUAGES
        for doc in json.loads((built_site / lang / "search/search_index.json").read_text())["docs"]
    ]

    assert (built_site / "staff" / "index.html").is_file()
    assert (built_site / "staff" / "fr" / "index.html").is_file()
    assert [p for p in public_pages if "/staff/" in p.read_text("utf-8")] == []
    assert [location for location in indexed if "staff" in location] == []
    assert "staff" not in "".join(
        (built_site / name).read_text()
        for name in ["sitemap.xml", *(f"{lang}/sitemap.xml" for lang in LANGUAGES)]
    )
