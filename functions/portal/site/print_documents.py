"""
The PDF of each version of each page: where it is published, and the lean HTML document
(site/print/document.html) that WeasyPrint renders it from (portal.site.pdfs).

A language's MkDocs build writes its version pages' documents to `<print dir>/<lang>.json`
when asked (PORTAL_PRINT_DIR); `portal build --pdf` then renders them all in one pool,
rather than rendering the site's own pages with their menus and scripts.
"""

import gettext
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from portal.i18n import translations
from portal.site import formatting

if TYPE_CHECKING:
    from portal.site.language_build import LanguageBuild

PRINT_DIR_ENV = "PORTAL_PRINT_DIR"
TEMPLATE_DIR = Path("site") / "print"


@dataclass(frozen=True)
class PrintDocument:
    path: str  # of the PDF, relative to the site's folder: `fr/…/versions/2026-11-22/….pdf`
    html: str
    base_url: str  # the version page's address: relative links in the text point there


def pdf_file_name(page_url: str, lang: str, effective: date) -> str:
    """`platform/ranking/`, fr -> `platform-ranking-fr-2026-11-22.pdf` (the home page: `index`)."""
    stem = page_url.strip("/").replace("/", "-") or "index"
    return f"{stem}-{lang}-{effective.isoformat()}.pdf"


def pdf_href(version_url: str, page_url: str, lang: str, effective: date) -> str:
    """The PDF of one version, relative to the language's root (beside the version's page)."""
    return f"{version_url}{pdf_file_name(page_url, lang, effective)}"


@cache  # per catalog: a language's build renders in its language, and English for its fallbacks
def _environment(root: Path, catalog: gettext.NullTranslations) -> Environment:
    env = Environment(
        loader=FileSystemLoader(root / TEMPLATE_DIR),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]
    return env


def render_print_html(
    root: Path, catalog: gettext.NullTranslations, context: dict[str, Any]
) -> str:
    """The lean HTML of one version: its header (company, dates, version) and its text."""
    return _environment(root, catalog).get_template("document.html").render(**context)


def print_document(
    build: "LanguageBuild", src_uri: str, title: str, content: str, context: Mapping[str, Any]
) -> PrintDocument | None:
    """
    A version page's document, from its rendered text and its page context. The current
    page's PDF is its current version's, so only the versions' own pages make one.
    """
    page = build.versions.generated.get(src_uri)
    if page is None or page.changes or "pdf_href" not in context:
        return None
    item = page.timeline.versions[page.index]
    following = page.timeline.versions[page.index + 1 :]
    url = f"{build.site.language_url(build.lang)}{page.timeline.version_url(item.effective)}"
    # An untranslated version is the English text: the PDF is in English (its /Lang too),
    # and says in the page's language that no translation exists yet.
    lang = build.lang if item.translated else build.source
    untranslated = build._(
        "This page is not available in your language yet. You are reading the English original below."
    )
    facts = build.data.get("facts", {})
    html = render_print_html(
        build.site.root,
        translations(lang),
        {
            "lang": lang,
            "page_lang": build.lang,
            "untranslated": None if item.translated else untranslated,
            "title": title,
            "company": str(facts.get("operator", {}).get("company", "")),
            "url": url,
            "effective_date": item.effective.isoformat(),
            "effective_date_text": formatting.long_date(item.effective, lang),
            "until_text": (
                formatting.long_date(following[0].effective, lang) if following else None
            ),
            "version": context["version"],
            "content": content,
        },
    )
    # The embedded font has no narrow no-break space (French, before ; ? !): a no-break
    # space keeps the line from breaking there without a system font for one character.
    html = html.replace("\u202f", "\u00a0")
    return PrintDocument(path=f"{build.lang}/{context['pdf_href']}", html=html, base_url=url)


def write_documents(folder: Path, lang: str, documents: Iterable[PrintDocument]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = [asdict(document) for document in documents]
    (folder / f"{lang}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def read_documents(folder: Path) -> list[PrintDocument]:
    """Every language's documents, in the order of their files' names."""
    return [
        PrintDocument(**item)
        for path in sorted(folder.glob("*.json"))
        for item in json.loads(path.read_text(encoding="utf-8"))
    ]
