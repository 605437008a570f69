"""
No page loads anything from another host: no web fonts, no CDN, every asset self-hosted.
"""

import re
from pathlib import Path
from urllib.parse import urlparse

from tests.sitetools import parse

# Attributes whose URL the browser fetches when it loads a page.
FETCHED = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
}
FETCHED_LINKS = {
    "stylesheet",
    "icon",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "modulepreload",
    "manifest",
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")
CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)""")


def is_external(url: str) -> bool:
    parsed = urlparse(url.strip())
    return bool(parsed.netloc) or parsed.scheme in {"http", "https"}


def test_no_page_fetches_from_another_host(built_site: Path) -> None:
    offending = []
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        for tag, attrs in parse(path).tags:
            names = list(FETCHED.get(tag, []))
            if tag == "link" and set(attrs.get("rel", "").split()) & FETCHED_LINKS:
                names.append("href")
            offending += [
                f"{path}: <{tag} {n}={attrs[n]}>"
                for n in names
                if n in attrs and is_external(attrs[n])
            ]
    assert offending == []


def test_no_stylesheet_fetches_from_another_host(built_site: Path) -> None:
    offending = []
    for path in built_site.rglob("*.css"):
        text = path.read_text("utf-8")
        urls = CSS_URL.findall(text) + CSS_IMPORT.findall(text)
        offending += [
            f"{path}: {url}" for url in urls if not url.startswith("data:") and is_external(url)
        ]
    assert offending == []


def test_pages_use_the_system_fonts_and_ship_no_web_font(built_site: Path) -> None:
    html = (built_site / "fr" / "index.html").read_text("utf-8")

    assert "fonts.googleapis.com" not in html
    assert "fonts.gstatic.com" not in html
    assert not [p for p in built_site.rglob("*") if p.suffix in {".woff", ".woff2", ".ttf", ".otf"}]
