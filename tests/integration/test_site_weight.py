"""
Every built page's first load stays within 40 KB gzip (issue 13): the page and each file it
references (stylesheets, scripts, icons), compressed as the server and CloudFront send them.
Search (Material's bundle, its worker, index and stemmers) loads on first use, so no page
references it. benchmarks/site.py measures the same in Chromium, with what scripts fetch.
"""

import gzip
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlparse

from portal.domain.cases import LANGUAGES
from tests.sitetools import parse

BUDGET = 40 * 1024
# What a form fetches as it starts, beside the files: the proof-of-work challenge (JSON).
REQUESTS_ALLOWANCE = 1024
SEARCH_FILES = ("/javascripts/bundle.", "/search/search_index.json", "/lunr/", "/workers/")


@cache
def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def page_path(site: Path, page: Path) -> str:
    """The URL path a built file is served at: fr/reviews/index.html is /fr/reviews/."""
    relative = page.relative_to(site).as_posix()
    return "/" + relative.removesuffix("index.html")


def references(site: Path, page: Path) -> tuple[list[str], list[str]]:
    """
    The files a page loads with it (stylesheets, icons, scripts and images), and the
    bundles it names for later, resolved against its URL.
    """
    urls: list[str] = []
    bundles: list[str] = []
    for tag, values in parse(page).tags:
        rel = values.get("rel", "").split()
        if tag == "link" and {"stylesheet", "icon", "preload", "modulepreload"} & set(rel):
            urls.append(values["href"])
        elif tag in {"script", "img"} and values.get("src"):
            urls.append(values["src"])
        if "data-bundle" in values:
            bundles.append(values["data-bundle"])
    base = page_path(site, page)
    return [urljoin(base, url) for url in urls], [urljoin(base, url) for url in bundles]


def first_load(site: Path, page: Path) -> int:
    urls, _ = references(site, page)
    files = {site / urlparse(url).path.lstrip("/") for url in urls}
    return gzip_size(page) + sum(gzip_size(file) for file in files)


def test_every_page_loads_at_most_40_kb_gzip_at_first(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))

    loads = {page_path(built_site, page): first_load(built_site, page) for page in pages}

    assert len(loads) > 60
    heaviest = max(loads, key=loads.__getitem__)
    over = {path: size for path, size in loads.items() if size + REQUESTS_ALLOWANCE > BUDGET}
    assert over == {}, f"heaviest: {heaviest} at {loads[heaviest] / 1024:.1f} KB"


def test_no_page_loads_search_until_it_is_used(built_site: Path) -> None:
    loaded: set[str] = set()
    bundles: set[str] = set()
    for page in built_site.rglob("*.html"):
        urls, named = references(built_site, page)
        loaded.update(urlparse(url).path for url in urls)
        bundles.update(urlparse(url).path for url in named)

    assert [path for path in loaded if any(part in path for part in SEARCH_FILES)] == []
    assert all((built_site / path.lstrip("/")).is_file() for path in loaded)
    assert {path.split("/")[1] for path in bundles} == set(LANGUAGES)
    assert all((built_site / path.lstrip("/")).is_file() for path in bundles)
