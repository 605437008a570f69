"""
Browser tests: Debian's Chromium driven by Playwright, against the built site served by
the portal's own static server on a free loopback port.
"""

import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from werkzeug.serving import make_server

from portal.domain.cases import LANGUAGES
from portal.local.static import StaticSite
from portal.local.template_values import security_headers
from portal.template import load_template

logging.getLogger("werkzeug").setLevel(logging.ERROR)

# Without the background-networking flags Chromium keeps calling Google's hosts,
# which this network refuses; the tests must see only the portal's own requests.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    # The production security headers, Content-Security-Policy included (infra/template.yaml).
    headers = security_headers(load_template(), uploads_origin="http://127.0.0.1", https=False)
    site = StaticSite(built_site, list(LANGUAGES), headers)
    server = make_server("127.0.0.1", 0, site, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    executable = os.environ.get("CHROMIUM", "/usr/lib/chromium/chromium-headless-shell")
    if not os.access(executable, os.X_OK):
        pytest.fail(
            f"Chromium not found at {executable}: run `make test`, which installs Debian's "
            "chromium-headless-shell, or `sudo apt-get install chromium-headless-shell`, or "
            "set CHROMIUM=/path/to/chromium",
            pytrace=False,
        )
    chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB")
    tab = context.new_page()
    yield tab
    context.close()
