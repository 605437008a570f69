"""
What a reader sees on a built page, read back from the HTML: title, description, effective
date, the text as blocks (paragraphs, list items, headings, cells), heading anchors, and
whether the page is a translation's English fallback or an outdated translation.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

# Elements whose text is one unit a reader reads (a paragraph, a list item, a heading).
_BLOCKS = {
    "p",
    "li",
    "dt",
    "dd",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "label",
    "legend",
    "summary",
    "option",
    "button",
    "figcaption",
    "blockquote",
    "pre",
}
_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
_SKIPPED = {"script", "style", "template", "noscript"}
# Elements without an end tag: they never open a level of nesting.
_VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "col"}

_ABOUT_THE_PAGE = {"portal-pdf", "portal-print-source"}  # site/overrides/partials/content.html

# Where read_page starts and ends reading (site/overrides/main.html, Material's base.html).
_ARTICLE = '<article class="md-content__inner'
_ARTICLE_END = "</article>"
_DESCRIPTION = re.compile(r"<meta\s[^>]*\bname=\"description\"[^>]*>")

# `platform/sellers/versions/2026-03-15/` and its `changes/` (portal.site.version_pages).
_VERSION_URL = re.compile(r"(^|/)versions/\d{4}-\d{2}-\d{2}/")

MISSING = "missing"
OUTDATED = "outdated"


@dataclass(frozen=True)
class Heading:
    anchor: str
    text: str


@dataclass
class RenderedPage:
    url: str  # relative to the language's root: `reviews/appeal/`
    title: str = ""
    description: str = ""
    effective_date: str = ""
    state: str | None = None
    blocks: list[str] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self, page: RenderedPage) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.depth = 0
        self.article_depth: int | None = None
        self.skip_depth: int | None = None
        self.dates_depth: int | None = None  # the effective/last-updated dates: read apart
        self.notice_depth: int | None = None
        self.open_blocks: list[tuple[str, int, list[str], str | None]] = []
        self.dates_seen = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "meta" and values.get("name") == "description":
            self.page.description = values.get("content") or ""
        if tag in _VOID:
            if tag == "br":
                self.handle_data(" ")
            return
        self.depth += 1
        if tag == "article" and "md-content__inner" in classes:
            self.article_depth = self.depth
        if self.article_depth is None or self.skip_depth is not None:
            return
        if (
            tag in _SKIPPED
            or (tag == "section" and "portal-versions" in classes)
            or _ABOUT_THE_PAGE.intersection(classes)
        ):
            # The versions list depends on the git history a build sees, not on the text;
            # the PDF link and the printed address are about the page, not in its text.
            self.skip_depth = self.depth
        elif tag == "dl" and "portal-dates" in classes:
            self.dates_depth = self.depth
        elif tag == "time" and self.dates_depth is not None:
            if self.dates_seen == 0:
                self.page.effective_date = values.get("datetime") or ""
            self.dates_seen += 1
        elif (
            tag == "aside"
            and "portal-notice" in classes
            and "portal-notice--version" not in classes
        ):
            self.notice_depth = self.depth
            if self.page.state is None:
                self.page.state = OUTDATED
        elif tag == "h1" and values.get("lang"):
            self.page.state = MISSING
        if tag in _BLOCKS and self.dates_depth is None:
            self.open_blocks.append((tag, self.depth, [], values.get("id")))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self.open_blocks and self.open_blocks[-1][1] == self.depth:
            name, _, parts, anchor = self.open_blocks.pop()
            text = " ".join("".join(parts).split())
            if name == "h1":
                self.page.title = text
            elif text:
                self.page.blocks.append(text)
                if name in _HEADINGS and anchor:
                    self.page.headings.append(Heading(anchor, text))
            if self.open_blocks:  # a nested block's text also belongs to its parent's run
                self.open_blocks[-1][2].append(" ")
        for attribute in ("skip_depth", "dates_depth", "notice_depth", "article_depth"):
            if getattr(self, attribute) == self.depth:
                setattr(self, attribute, None)
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.skip_depth is not None or self.dates_depth is not None:
            return
        if self.open_blocks:
            self.open_blocks[-1][2].append(data)


def read_page(path: Path, url: str) -> RenderedPage:
    page = RenderedPage(url=url)
    parser = _PageParser(page)
    parser.feed(_what_the_parser_reads(path.read_text(encoding="utf-8")))
    parser.close()
    return page


def _what_the_parser_reads(html: str) -> str:
    """
    The page's description and its article: the parser reads nothing else, and the
    header, navigation and footer around them are four fifths of a page's HTML.
    """
    start = html.find(_ARTICLE)
    end = html.rfind(_ARTICLE_END)
    if start < 0 or end < start:
        return html
    description = _DESCRIPTION.search(html, 0, start)
    head = description.group(0) if description else ""
    return head + html[start : end + len(_ARTICLE_END)]


def text_blocks(html: str) -> list[str]:
    """The blocks a reader reads in an HTML fragment (a page's rendered Markdown)."""
    page = RenderedPage(url="")
    parser = _PageParser(page)
    parser.feed(f'<article class="md-content__inner">{html}</article>')
    parser.close()
    return [page.title, *page.blocks] if page.title else page.blocks


def read_language(site_dir: Path) -> dict[str, RenderedPage]:
    """Every page of one built language, keyed by URL (`` for the home page)."""
    pages: dict[str, RenderedPage] = {}
    for path in sorted(site_dir.rglob("index.html")):
        url = path.parent.relative_to(site_dir).as_posix()
        url = "" if url == "." else url + "/"
        if url.startswith(("search/", "assets/")) or _VERSION_URL.search(url):
            continue  # a version's own page: built from git history, compared as its page
        pages[url] = read_page(path, url)
    return pages
