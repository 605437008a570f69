"""
The built site's versions, read from the session's build of the repository: a page changed
since its first publication (the appeal page) keeps its earlier text at a stable address,
not indexed, with the changes marked word by word; each language has a valid change feed
that every page links.
"""

import re
from pathlib import Path

import feedparser  # type: ignore[import-untyped]

from portal.domain.cases import LANGUAGES

APPEAL = Path("reviews") / "appeal"


def test_an_earlier_version_stays_readable_and_out_of_search(built_site: Path) -> None:
    for lang in LANGUAGES:
        archived = built_site / lang / APPEAL / "versions" / "2026-11-22" / "index.html"
        html = archived.read_text("utf-8")
        sitemap = (built_site / lang / "sitemap.xml").read_text("utf-8")

        assert '<meta name="robots" content="noindex">' in html, lang
        assert 'class="portal-notice portal-notice--version"' in html, lang
        assert 'href="../../"' in html, lang  # the current version
        assert "data-portal-form" not in html, lang  # an old form page is text only
        assert "/versions/" not in sitemap, lang


def test_the_changes_between_versions_are_marked_by_word(built_site: Path) -> None:
    changes = built_site / "en" / APPEAL / "versions" / "2026-12-01" / "changes" / "index.html"

    html = changes.read_text("utf-8")

    assert re.search(r"<ins><span class=\"portal-visually-hidden\">\[added text: </span>", html)
    assert re.search(r"<del><span class=\"portal-visually-hidden\">\[removed text: </span>", html)


def test_each_page_lists_its_versions_and_links_its_language_feed(built_site: Path) -> None:
    for lang in LANGUAGES:
        html = (built_site / lang / APPEAL / "index.html").read_text("utf-8")
        feed = feedparser.parse((built_site / lang / "feed.xml").read_bytes())

        assert 'href="versions/2026-11-22/"' in html, lang
        assert 'href="versions/2026-12-01/changes/"' in html, lang
        assert re.search(
            r'<link rel="alternate ?" type="application/atom\+xml" href="../../feed.xml"', html
        )
        assert not feed.bozo, (lang, feed.get("bozo_exception"))
        assert feed.feed.id == f"https://legal.backmarket.example/{lang}/feed.xml"
        links = {entry.link for entry in feed.entries}
        assert (
            f"https://legal.backmarket.example/{lang}/reviews/appeal/versions/2026-12-01/" in links
        )
        assert all(entry.summary for entry in feed.entries), lang
