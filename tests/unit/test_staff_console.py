"""
The staff console's pages as the build writes them: where they are, kept from search
engines, in the staff language, with every string of the script translated.
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from portal.i18n import translations
from portal.site.config import SiteConfig
from portal.site.staff_console import (
    CRITERION_NAMES,
    script_msgids,
    write_staff_console,
)
from tests.conftest import REPO

SCRIPT = REPO / "site" / "staff" / "staff.js"
VOID = {"meta", "link", "input", "br", "img", "hr", "source", "wbr"}


class _Structure(HTMLParser):
    """Tags closed in order, ids unique: what a browser would otherwise silently repair."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.ids: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [value for name, value in attrs if name == "id" and value]
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"</{tag}> closes nothing open")


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory, site_config: SiteConfig) -> Path:
    out = tmp_path_factory.mktemp("console")
    write_staff_console(site_config, out)
    return out


@pytest.fixture(scope="module")
def site_config() -> SiteConfig:
    from portal.site.config import load_site_config

    return load_site_config(REPO / "mkdocs.yml")


def page_data(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="staff-data">(.*?)</script>', html)
    assert match
    return dict(json.loads(match.group(1)))


def test_the_console_is_at_staff_in_english_and_under_staff_fr_in_french(console: Path) -> None:
    english = (console / "staff" / "index.html").read_text()
    french = (console / "staff" / "fr" / "index.html").read_text()

    assert '<html lang="en">' in english
    assert '<html lang="fr">' in french
    assert "<title>Console du personnel" in french
    assert (console / "staff" / "staff.js").read_text() == SCRIPT.read_text()


@pytest.mark.parametrize("path", ["staff/index.html", "staff/fr/index.html"])
def test_each_page_asks_search_engines_not_to_index_it(console: Path, path: str) -> None:
    html = (console / path).read_text()

    assert '<meta name="robots" content="noindex, nofollow">' in html


@pytest.mark.parametrize("path", ["staff/index.html", "staff/fr/index.html"])
def test_each_page_is_well_formed_with_unique_ids(console: Path, path: str) -> None:
    parser = _Structure()

    parser.feed((console / path).read_text())

    assert (console / path).read_text().startswith("<!doctype html>")
    assert parser.problems == []
    assert parser.open == []
    assert len(parser.ids) == len(set(parser.ids))


def test_the_french_page_carries_every_string_of_the_script_in_french(console: Path) -> None:
    data = page_data((console / "staff" / "fr" / "index.html").read_text())
    french = translations("fr").gettext

    strings = data["strings"]

    assert set(strings) == set(script_msgids(SCRIPT))
    assert strings["Sign in"] == "Se connecter"
    assert all(strings[msgid] == french(msgid) for msgid in strings)


def test_the_forms_offer_every_criterion_and_the_eu_as_default_scope(console: Path) -> None:
    data = page_data((console / "staff" / "index.html").read_text())

    assert [code for code, _ in data["criteria"]] == [c.value for c in CRITERION_NAMES]
    assert "FR" in data["eu_countries"]
    assert "NO" not in data["eu_countries"]


def test_the_script_shows_no_string_outside_gettext() -> None:
    # Text nodes come from `text:` attributes and labels; each must be a `_()` call or data.
    script = SCRIPT.read_text()

    literal_texts = re.findall(r'text: "([^"]+)"', script)

    assert literal_texts == []
