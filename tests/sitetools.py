"""
Reading built pages in tests: every page of a language, its text, its links.
"""

import shutil
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from portal.site.pages import page_url as page_url  # re-exported: the site tests use it

REPO = Path(__file__).resolve().parents[1]


class PageParser(HTMLParser):
    """Collects the tags of interest and the visible text of the article."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self._article_depth = 0
        self._skip_depth = 0
        self._versions = 0
        self.article_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        self.tags.append((tag, values))
        if tag == "article":
            self._article_depth += 1
        if tag in {"script", "style"}:
            self._skip_depth += 1
        # The list of versions (dates, change summaries) is about the text, not in it.
        if tag == "section" and ("portal-versions" in values.get("class", "") or self._versions):
            self._versions += 1
            self._skip_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._article_depth -= 1
        if tag in {"script", "style"}:
            self._skip_depth -= 1
        if tag == "section" and self._versions:
            self._versions -= 1
            self._skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._article_depth and not self._skip_depth:
            self.article_text.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [
            values
            for name, values in self.tags
            if name == tag and all(values.get(key) == value for key, value in attrs.items())
        ]

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.article_text).split())


def parse(path: Path) -> PageParser:
    """
    The page parsed, once per test process while the file is unchanged: several modules
    read every page of the session's site, and parsing is most of their time. Callers
    read the parser and never change it.
    """
    stat = path.stat()
    return _parse(path, stat.st_mtime_ns, stat.st_size)


@cache
def _parse(path: Path, mtime_ns: int, size: int) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def article_text(path: Path) -> str:
    """
    `parse(path).text` from the page's articles alone, the fifth of its HTML that holds the
    text: for the tests that read the text of every page and none of its tags.
    """
    html = path.read_text(encoding="utf-8")
    start, end = html.find("<article"), html.rfind("</article>")
    if start < 0 or end < start:
        return ""  # no article, no text (PageParser reads text in articles only)
    parser = PageParser()
    parser.feed(html[start : end + len("</article>")])
    return parser.text


def built_pages(site_dir: Path, lang: str, sources: list[str]) -> Iterator[tuple[str, Path]]:
    for src_uri in sources:
        yield src_uri, site_dir / lang / page_url(src_uri) / "index.html"


def current_pages(site_dir: Path) -> Iterator[Path]:
    """
    Every built HTML file but the versions' pages (`.../versions/<date>/`): those keep the
    words of their time, and a correction of the text in force does not rewrite them.
    """
    for path in sorted(site_dir.rglob("*.html")):
        if "versions" not in path.relative_to(site_dir).parts:
            yield path


def copy_project(target: Path) -> Path:
    """A copy of mkdocs.yml and docs/ that a test may edit; the theme in site/ is shared."""
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "docs", target / "docs")
    (target / "site").symlink_to(REPO / "site")
    return target
