"""
Site benchmark: time to build every language against one, and the first-load transfer
size of typical pages (gzip), split into HTML, CSS, JS and fonts, with search apart.

    make bench-site        (or: .venv/bin/python benchmarks/site.py)

Prints figures; asserts nothing. Target: first load at most 60 KB gzip without search.
"""

import gzip
import logging
import statistics
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Request, sync_playwright
from werkzeug.serving import make_server

from portal.local.static import StaticSite
from portal.site.build import build_site
from portal.site.config import load_site_config

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "mkdocs.yml"
PAGES = ["en/", "fr/reviews/", "nl/platform/ranking/", "de/orders/warranty-returns-business/"]
BUDGET = 60 * 1024
GROUPS = ("html", "css", "js", "fonts", "other")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def timed_build(languages: list[str] | None, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            build_site(CONFIG, Path(out), languages)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def kind(url: str, resource_type: str) -> str:
    path = urlparse(url).path
    if "/search/" in path or "/workers/search" in path or "/lunr/" in path:
        return "search"
    return {
        "document": "html",
        "stylesheet": "css",
        "script": "js",
        "font": "fonts",
    }.get(resource_type, "other")


def record(seen: dict[str, str], request: Request) -> None:
    seen.setdefault(request.url, request.resource_type)


def first_load(site_dir: Path, languages: list[str]) -> dict[str, dict[str, int]]:
    """Load each page in a fresh browser context; sum gzip sizes of what it fetched."""
    server = make_server("127.0.0.1", 0, StaticSite(site_dir, languages), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    results: dict[str, dict[str, int]] = {}
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for page_path in PAGES:
            context = browser.new_context()
            page = context.new_page()
            seen: dict[str, str] = {}
            context.on("request", partial(record, seen))
            page.goto(base + page_path)
            page.wait_for_load_state("networkidle")
            sizes: dict[str, int] = {}
            for url, resource_type in seen.items():
                local = site_dir / urlparse(url).path.lstrip("/")
                if local.is_dir():
                    local = local / "index.html"
                if not local.is_file():
                    continue
                size = len(gzip.compress(local.read_bytes(), compresslevel=6))
                group = kind(url, resource_type)
                sizes[group] = sizes.get(group, 0) + size
            results[page_path] = sizes
            context.close()
        browser.close()
    server.shutdown()
    return results


def main() -> int:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    languages = list(load_site_config(CONFIG).languages)
    one = timed_build([languages[0]])
    every = timed_build(None)
    print(f"build, one language ({languages[0]}):   {one:6.2f} s (median of 3)")
    print(f"build, all {len(languages)} languages:      {every:6.2f} s ({every / one:.2f}x one)")
    with tempfile.TemporaryDirectory() as out:
        build_site(CONFIG, Path(out))
        loads = first_load(Path(out), languages)
    print("\nfirst load, gzip (level 6), KB:")
    header = " ".join(f"{group:>6}" for group in GROUPS)
    print(f"  {'page':40} {header} {'total':>7} {'search':>7}")
    worst = 0
    for page_path, sizes in loads.items():
        total = sum(v for k, v in sizes.items() if k != "search")
        worst = max(worst, total)
        cells = [sizes.get(k, 0) / 1024 for k in GROUPS]
        print(
            f"  {page_path:40} "
            + " ".join(f"{c:6.1f}" for c in cells)
            + f" {total / 1024:7.1f} {sizes.get('search', 0) / 1024:7.1f}"
        )
    verdict = "within" if worst <= BUDGET else "OVER"
    print(
        f"\nlargest first load without search: {worst / 1024:.1f} KB ({verdict} the 60 KB budget)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
