"""
The versions' PDFs (issue 12, point 4), read with pikepdf: tagged PDF/UA-1 with the page's
language and title, real heading and list tags, the embedded font only, and the company,
effective date and version on the first page. The session's build keeps the PDF sources;
this module renders three of them (the appeal page in force in English and French, and an
earlier French version), not every PDF, which `make build` writes.
"""

import html
import os
import posixpath
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from portal.domain.cases import LANGUAGES
from portal.site.formatting import long_date
from portal.site.pdfs import PdfError, font_files, render_pdfs
from portal.site.print_documents import PrintDocument, read_documents
from tests.sitetools import REPO

APPEAL = "reviews/appeal/"
EARLIER = "2026-11-22"  # the appeal page's first version (tests/integration/test_site_versions.py)
_PDF_LINK = re.compile(r'<p class="portal-pdf"><a href="([^"]+\.pdf)"')
_H1 = re.compile(r'<h1 id="portal-content"[^>]*>([^<]+)</h1>')


@dataclass(frozen=True)
class Rendered:
    document: PrintDocument
    lang: str
    title: str
    path: Path


def pdf_link(page: Path) -> str | None:
    """The PDF a built page links, relative to the language's root; None when it has none."""
    found = _PDF_LINK.search(page.read_text("utf-8"))
    return found[1] if found else None


def link_target(built_site: Path, page: Path) -> str | None:
    """The linked PDF's path from the site's root, as the manifest names it."""
    link = pdf_link(page)
    if link is None:
        return None
    page_dir = page.parent.relative_to(built_site).as_posix()
    return posixpath.normpath(posixpath.join(page_dir, link))


@pytest.fixture(scope="module")
def rendered(
    built_site: Path, print_sources: Path, tmp_path_factory: pytest.TempPathFactory
) -> list[Rendered]:
    documents = {document.path: document for document in read_documents(print_sources)}
    pages = [
        built_site / "en" / APPEAL / "index.html",
        built_site / "fr" / APPEAL / "index.html",
        built_site / "fr" / APPEAL / "versions" / EARLIER / "index.html",
    ]
    chosen = []
    for page in pages:
        target = link_target(built_site, page)
        assert target is not None, page
        title = _H1.search(page.read_text("utf-8"))
        assert title is not None, page
        chosen.append((documents[target], target.split("/")[0], title[1]))
    out = tmp_path_factory.mktemp("pdfs")

    render_pdfs(REPO, [document for document, _, _ in chosen], out, jobs=1)

    return [Rendered(doc, lang, title, out / doc.path) for doc, lang, title in chosen]


def structure_tags(pdf: pikepdf.Pdf) -> list[str]:
    tags: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                tags.append(str(node.S))
            walk(node.get("/K"))
        elif isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)

    walk(pdf.Root.StructTreeRoot)
    return tags


def fonts(pdf: pikepdf.Pdf) -> Iterator[tuple[str, set[str]]]:
    """Each font of each page, with the keys of its embedded font files."""
    for page in pdf.pages:
        for font in page.Resources.Font.values():
            assert isinstance(font, pikepdf.Dictionary)
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.FontDescriptor
            assert isinstance(descriptor, pikepdf.Dictionary)
            files = {key for key in map(str, descriptor.keys()) if key.startswith("/FontFile")}
            yield str(font.BaseFont), files


def test_each_pdf_is_tagged_pdf_ua_1_in_its_language_with_its_title(
    rendered: list[Rendered],
) -> None:
    for item in rendered:
        with pikepdf.open(item.path) as pdf:
            metadata = pdf.open_metadata()
            info_title = str(pdf.docinfo.get("/Title"))
            tags = structure_tags(pdf)
            html = item.document.html

            assert str(pdf.Root.Lang) == item.lang, item.path
            assert info_title == item.title, item.path
            assert metadata.get("dc:title") == item.title, item.path
            assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle), item.path
            assert metadata.get("pdfuaid:part") == "1", item.path
            assert bool(pdf.Root.MarkInfo.Marked), item.path
            assert tags.count("/H1") == 1, item.path
            assert tags.count("/H2") == html.count("<h2"), item.path
            # A list that runs onto the next page is one L (and LI) per page.
            assert tags.count("/L") >= html.count("<ul") + html.count("<ol") > 0, item.path
            assert tags.count("/LI") >= html.count("<li") > 0, item.path
            assert tags.count("/H2") > 0, item.path


def test_each_pdf_embeds_the_portals_font_and_no_other(rendered: list[Rendered]) -> None:
    for item in rendered:
        with pikepdf.open(item.path) as pdf:
            used = list(fonts(pdf))

        assert used, item.path
        for name, files in used:
            assert "Noto-Sans" in name, (item.path, name)
            assert files & {"/FontFile2", "/FontFile3"}, (item.path, name)


_MARKS = re.compile(rb"\b(BDC|BMC|EMC|BT)\b")


def untagged_text(page: pikepdf.Page) -> int:
    """Text objects drawn outside any marked content (neither tagged nor an artifact)."""
    streams = page.Contents if isinstance(page.Contents, pikepdf.Array) else [page.Contents]
    depth = outside = 0
    for mark in _MARKS.finditer(b"\n".join(stream.read_bytes() for stream in streams)):
        if mark[1] in (b"BDC", b"BMC"):
            depth += 1
        elif mark[1] == b"EMC":
            depth -= 1
        elif depth == 0:
            outside += 1
    return outside


def test_every_text_on_every_page_is_tagged_or_an_artifact(rendered: list[Rendered]) -> None:
    # PDF/UA-1 7.1: the page numbers and running title in the margins are artifacts.
    for item in rendered:
        with pikepdf.open(item.path) as pdf:
            assert len(pdf.pages) >= 1
            assert [untagged_text(page) for page in pdf.pages] == [0] * len(pdf.pages)
            assert any(
                b"/Artifact" in page.Contents.read_bytes()
                for page in pdf.pages
                if not isinstance(page.Contents, pikepdf.Array)
            ), item.path


def words(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def test_every_character_of_every_pdf_is_in_the_embedded_font(print_sources: Path) -> None:
    # A character the font lacks would be drawn from a system font, which a clean machine may
    # not have (the PDFs' list markers are set in site/print/document.css for this reason).
    covered: set[int] = set()
    for path in font_files(REPO):
        if path.name.endswith("-400-normal.woff"):  # each subset's weights share its characters
            covered |= set(TTFont(path).getBestCmap())
    documents = read_documents(print_sources)

    missing = {
        f"U+{ord(char):04X} in {document.path}"
        for document in documents
        for char in html.unescape(re.sub(r"<[^>]+>", " ", document.html))
        if ord(char) not in covered and char not in "\n\t"
    }

    assert len(documents) > 20 * len(LANGUAGES)
    assert sorted(missing)[:10] == []


def test_the_first_page_names_the_company_the_effective_date_and_the_version(
    built_site: Path, rendered: list[Rendered]
) -> None:
    label = {"en": "Version:", "fr": "Version :"}
    in_force = {"en": "(in force)", "fr": "(en vigueur)"}
    for item in rendered:
        effective = date.fromisoformat(item.document.path.split("/")[-2])
        dates = sorted(p.name for p in (built_site / item.lang / APPEAL / "versions").iterdir())
        number = dates.index(effective.isoformat()) + 1
        current = number == len(dates)

        first_page = words(PdfReader(item.path).pages[0].extract_text())

        assert "JUNG S.A.S." in first_page, item.path
        assert long_date(effective, item.lang) in first_page, item.path
        version = f"{label[item.lang]} {number}" + (f" {in_force[item.lang]}" if current else "")
        assert version in first_page, (item.path, first_page[:300])
        assert item.document.base_url in first_page.replace(" ", ""), item.path
    assert {item.lang for item in rendered} == {"en", "fr"}
    assert any(EARLIER in item.document.path for item in rendered)


def test_a_pdf_that_would_fetch_from_the_network_fails_the_build(
    rendered: list[Rendered], tmp_path: Path
) -> None:
    tracker = PrintDocument(
        path="en/tracked.pdf",
        html='<html lang="en"><title>T</title><p>Text<img src="https://tracker.example/p.png"></p>',
        base_url="https://legal.backmarket.example/en/",
    )

    with pytest.raises(PdfError, match=r"tracker\.example"):
        render_pdfs(REPO, [tracker], tmp_path, jobs=1)

    assert not (tmp_path / "en" / "tracked.pdf").exists()


# Renders three small documents in a pool of two processes, then one in this process, as
# `make build` and the tests do.
RENDER_AND_EXIT = """
import sys
from pathlib import Path
from portal.site.pdfs import render_pdfs
from portal.site.print_documents import PrintDocument

def documents(count):
    return [
        PrintDocument(
            path=f"en/{index}.pdf",
            html=f'<html lang="en"><title>T{index}</title><p>Text {index}</p>',
            base_url="https://legal.backmarket.example/en/",
        )
        for index in range(count)
    ]

root, out = Path(sys.argv[1]), Path(sys.argv[2])
assert render_pdfs(root, documents(3), out / "pool", jobs=2).count == 3
assert render_pdfs(root, documents(1), out / "here", jobs=1).count == 1
"""


def test_rendering_leaves_no_temporary_folder_and_exits_quietly(tmp_path: Path) -> None:
    # WeasyPrint's font configuration keeps a temporary folder, deleted only when the
    # configuration is collected (portal.site.pdfs._stop_worker).
    temporary = tmp_path / "tmp"
    temporary.mkdir()

    done = subprocess.run(
        [sys.executable, "-c", RENDER_AND_EXIT, str(REPO), str(tmp_path / "out")],
        env={**os.environ, "TMPDIR": str(temporary)},
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "out").rglob("*.pdf"))) == 4
    assert list(temporary.iterdir()) == []
    assert done.stderr == ""


def test_every_page_links_the_pdf_of_the_version_it_shows(
    built_site: Path, print_sources: Path, rendered: list[Rendered]
) -> None:
    documents = {document.path for document in read_documents(print_sources)}
    pages = [
        page
        for lang in LANGUAGES
        for page in (built_site / lang).rglob("index.html")
        if "/changes/" not in page.as_posix()
    ]

    targets = {page: link_target(built_site, page) for page in pages}

    assert len(pages) > 20 * len(LANGUAGES)
    assert [page for page, target in targets.items() if target not in documents] == []
    assert len(set(targets.values())) == len(documents)  # every PDF is linked from its version
    assert all(item.path.is_file() for item in rendered)
