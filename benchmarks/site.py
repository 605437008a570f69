"""
Site benchmark: time to build every language against one, the versions' PDFs (how many,
their total size, the time to render them all), and what the first load of each built
page weighs: every request Chromium makes until the network is idle, summed as sent
(gzip, as `portal serve` and CloudFront compress), split into HTML, CSS, JS, icons and
search, per page type, with the heaviest page.

    .venv/bin/python benchmarks/site.py                  # build times, PDFs, then weights
    .venv/bin/python benchmarks/site.py --pdfs           # the PDFs only
    .venv/bin/python benchmarks/site.py --site build/site # weights of a site already built
    .venv/bin/python benchmarks/site.py --site build/site --pages  # and every page

Prints figures; asserts nothing. Budgets: every page's first load at most 40 KB (issue 13);
every PDF of every language and version in at most 60 s on a 2-core machine (issue 12).
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import BrowserContext, Request, sync_playwright

from portal.site.build import build_site
from portal.site.config import load_site_config
from portal.site.pages import list_pages, page_url, read_front_matter
from portal.site.pdfs import render_pdfs
from portal.site.print_documents import read_documents

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "mkdocs.yml"
BUDGET = 40 * 1024
PDF_BUDGET = 60.0  # seconds, every PDF (issue 12)
GROUPS = ("html", "css", "js", "icons", "search", "other")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Load:
    path: str
    kind: str
    sizes: dict[str, int] = field(default_factory=dict)
    uncompressed: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.sizes.values())


def timed_build(languages: list[str] | None, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            build_site(CONFIG, Path(out), languages)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def pdf_figures() -> None:
    """Build the site once keeping the PDF sources, then time rendering every PDF."""
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as sources:
        build_site(CONFIG, Path(out), print_dir=Path(sources))
        documents = read_documents(Path(sources))
        load = os.getloadavg()[0]
        cpu = time.process_time() + _children_cpu()
        result = render_pdfs(REPO, documents, Path(out))
        cpu = time.process_time() + _children_cpu() - cpu
        sizes = sorted(path.stat().st_size for path in Path(out).rglob("*.pdf"))
    languages = len({document.path.split("/")[0] for document in documents})
    verdict = "within" if result.seconds <= PDF_BUDGET else "OVER"
    print(
        f"PDFs: {result.count} ({languages} languages, every version), "
        f"{result.size / 1e6:.2f} MB in all (median {statistics.median(sizes) / 1024:.0f} KB, "
        f"largest {sizes[-1] / 1024:.0f} KB)"
    )
    print(
        f"PDFs rendered in {result.seconds:.1f} s ({verdict} the {PDF_BUDGET:.0f} s budget), "
        f"{cpu:.1f} s CPU, on {os.cpu_count()} cores; load average before: {load:.2f}"
    )


def _children_cpu() -> float:
    usage = os.times()
    return usage.children_user + usage.children_system


def page_kinds(languages: list[str]) -> dict[str, str]:
    """Every built page's path, with its type: its form, home, text, 404, root or staff."""
    kinds = {"": "language root", "staff/": "staff console"}
    for src in list_pages(REPO / "docs" / "en"):
        form = read_front_matter(REPO / "docs" / "en" / src).get("form")
        kind = f"form: {form}" if form else "home" if src == "index.md" else "text"
        for lang in languages:
            kinds[f"{lang}/{page_url(src)}"] = kind
    for lang in languages:
        kinds[f"{lang}/404.html"] = "404"
    return kinds


def group(url: str, resource_type: str) -> str:
    path = urlparse(url).path
    if "/search/" in path or "/workers/search" in path or "/lunr/" in path:
        return "search"
    if resource_type in {"image"} or path.endswith((".svg", ".png", ".ico")):
        return "icons"
    return {"document": "html", "stylesheet": "css", "script": "js"}.get(resource_type, "other")


def sent_size(url: str) -> int:
    """Bytes on the wire for one GET that accepts gzip (urllib leaves them compressed)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})  # noqa: S310
    with urllib.request.urlopen(request) as response:  # noqa: S310 - our loopback server
        return len(response.read())


def measure(context: BrowserContext, base: str, path: str, kind: str) -> Load:
    load = Load(path, kind)
    finished: list[Request] = []

    def done(request: Request) -> None:
        finished.append(request)

    context.on("requestfinished", done)
    page = context.new_page()
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    # Headless Chromium asks for no favicon: a browser with a tab strip does.
    icons = page.eval_on_selector_all("link[rel~=icon]", "links => links.map(l => l.href)")
    seen = set()
    for request in finished:
        response = request.response()
        if response is None or request.url in seen:
            continue
        seen.add(request.url)
        name = group(request.url, request.resource_type)
        size = request.sizes()["responseBodySize"]
        if size == 0 and response.status == 200:  # a worker's script: Chromium reports 0
            size = sent_size(request.url)
        load.sizes[name] = load.sizes.get(name, 0) + size
        compressed = response.header_value("content-encoding") == "gzip"
        if size > 1024 and not compressed and not request.url.endswith((".png", ".woff2")):
            load.uncompressed.append(urlparse(request.url).path)
    for icon in icons:
        if icon not in seen:
            size = sent_size(icon)
            load.sizes["icons"] = load.sizes.get("icons", 0) + size
    page.close()
    return load


@contextmanager
def served(site_dir: Path) -> Iterator[str]:
    """`portal serve` on the built site: the forms' first requests reach the real API."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "POWERTOOLS_LOG_LEVEL": "WARNING"}
    command = [sys.executable, "-m", "portal.cli", "serve", "--no-build", "--out", str(site_dir)]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [*command, "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            for _ in range(300):
                if process.poll() is not None:
                    log.seek(0)
                    raise SystemExit(f"portal serve exited:\n{log.read().decode()}")
                try:
                    urllib.request.urlopen(url + "api/v1/challenge", timeout=2)  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.3)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=30)


def first_loads(site_dir: Path, languages: list[str]) -> list[Load]:
    """Each built page in a fresh browser context (empty cache)."""
    loads = []
    with served(site_dir) as base, sync_playwright() as driver:
        executable = os.environ.get("CHROMIUM", "/usr/lib/chromium/chromium-headless-shell")
        browser = driver.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        for path, kind in page_kinds(languages).items():
            context = browser.new_context(locale="en-GB")
            loads.append(measure(context, base, path, kind))
            context.close()
        browser.close()
    return loads


def kb(size: int) -> str:
    return f"{size / 1024:6.1f}"


def report(loads: list[Load], every_page: bool) -> None:
    print("\nfirst load until network idle, as sent (gzip), KB:")
    header = " ".join(f"{name:>6}" for name in GROUPS)
    print(f"  {'page type (heaviest page)':58} {header}  total  pages  lightest")
    by_kind: dict[str, list[Load]] = {}
    for load in loads:
        by_kind.setdefault(load.kind, []).append(load)
    for kind, group_loads in sorted(by_kind.items()):
        heaviest = max(group_loads, key=lambda load: load.total)
        lightest = min(load.total for load in group_loads)
        cells = " ".join(kb(heaviest.sizes.get(name, 0)) for name in GROUPS)
        label = f"{kind} ({heaviest.path or '/'})"
        print(f"  {label:58} {cells} {kb(heaviest.total)} {len(group_loads):6} {kb(lightest)}")
    if every_page:
        print("\nevery page, KB:")
        for load in sorted(loads, key=lambda load: -load.total):
            print(f"  {load.path or '/':50} {kb(load.total)}")
    uncompressed = sorted({path for load in loads for path in load.uncompressed})
    if uncompressed:
        print(f"\nsent without compression: {', '.join(uncompressed[:10])}")
    worst = max(loads, key=lambda load: load.total)
    verdict = "within" if worst.total <= BUDGET else "OVER"
    print(
        f"\nheaviest first load: /{worst.path} at {worst.total / 1024:.1f} KB "
        f"({verdict} the {BUDGET // 1024} KB budget), over {len(loads)} pages"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="measure this built site; skip the builds")
    parser.add_argument("--pages", action="store_true", help="print every page's total too")
    parser.add_argument("--pdfs", action="store_true", help="only the PDFs' figures")
    args = parser.parse_args()
    if args.pdfs:
        pdf_figures()
        return 0
    languages = list(load_site_config(CONFIG).languages)
    if args.site:
        report(first_loads(args.site.resolve(), languages), args.pages)
        return 0
    one = timed_build([languages[0]])
    every = timed_build(None)
    print(f"build, one language ({languages[0]}):   {one:6.2f} s (median of 3)")
    print(f"build, all {len(languages)} languages:      {every:6.2f} s ({every / one:.2f}x one)")
    pdf_figures()
    with tempfile.TemporaryDirectory() as out:
        build_site(CONFIG, Path(out))
        report(first_loads(Path(out), languages), args.pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
