"""
Renders the print documents (portal.site.print_documents) into tagged PDFs with WeasyPrint:
PDF/UA-1 (document language and title, structure tree, XMP identification), with the
portal's own copy of Noto Sans embedded, in a pool of processes.

The font comes from npm (`@fontsource/noto-sans` in package.json, installed by `make
build`), as WOFF files: WeasyPrint unpacks WOFF 2 in pure Python, a second per file. The
renderer fetches nothing else: links keep their addresses, and any other resource fails
the build rather than reach the network.
"""

import gc
import os
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.util import Finalize
from pathlib import Path
from typing import Any

from portal.site.print_documents import TEMPLATE_DIR, PrintDocument

FONT_PACKAGE = Path("node_modules") / "@fontsource" / "noto-sans"
FONT_FAMILY = "Noto Sans"
# Subsets as Fontsource splits them (its CSS gives the same ranges): Latin, then the rest of
# the Latin script for languages with more accents.
_SUBSETS = {
    "latin": "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, "
    "U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD",
    "latin-ext": "U+0100-02BA, U+02BD-02C5, U+02C7-02CC, U+02CE-02D7, U+02DD-02FF, U+0304, "
    "U+0308, U+0329, U+1D00-1DBF, U+1E00-1E9F, U+1EF2-1EFF, U+2020, U+20A0-20AB, U+20AD-20C0, "
    "U+2113, U+2C60-2C7F, U+A720-A7FF",
}
_FACES = [(weight, style) for weight in (400, 700) for style in ("normal", "italic")]


class PdfError(RuntimeError):
    """A PDF could not be rendered; the message names it."""


@dataclass(frozen=True)
class PdfResult:
    count: int
    size: int  # bytes, every PDF together
    seconds: float


def _font_file(root: Path, subset: str, weight: int, style: str) -> Path:
    return root / FONT_PACKAGE / "files" / f"noto-sans-{subset}-{weight}-{style}.woff"


def font_files(root: Path) -> list[Path]:
    return [_font_file(root, subset, *face) for subset in _SUBSETS for face in _FACES]


def font_faces(root: Path) -> str:
    """The @font-face rules of the embedded font; fails clearly when npm has not fetched it."""
    missing = [path for path in font_files(root) if not path.is_file()]
    if missing:
        raise PdfError(
            f"the PDFs' font is missing ({missing[0]}): run `make build`, which installs "
            "package.json's packages with npm"
        )
    return "\n".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; '
        f'font-style: {style}; src: url("{_font_file(root, subset, weight, style).resolve().as_uri()}"); '
        f"unicode-range: {ranges}; }}"
        for subset, ranges in _SUBSETS.items()
        for weight, style in _FACES
    )


# One renderer per worker process: WeasyPrint's import, the font configuration and the
# stylesheet cost more than a page's PDF, so each worker makes them once.
_renderer: dict[str, Any] = {}


def _start_worker(root: str) -> None:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    allowed = (Path(root) / FONT_PACKAGE).resolve().as_uri() + "/"

    class LocalFontOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith(allowed):
                raise FatalURLFetchingError(f"a PDF embeds the portal's font only, not {url}")
            return super().fetch(url, headers)

    fetcher = LocalFontOnly(allowed_protocols={"file"}, fail_on_errors=True)
    fonts = FontConfiguration()
    stylesheet = (Path(root) / TEMPLATE_DIR / "document.css").read_text(encoding="utf-8")
    css = CSS(
        string=font_faces(Path(root)) + "\n" + stylesheet, font_config=fonts, url_fetcher=fetcher
    )
    _renderer.update(fonts=fonts, css=css, fetcher=fetcher)
    # WeasyPrint deletes the font configuration's temporary folder when the configuration is
    # collected: at the interpreter's exit that came after its modules were torn down (a
    # warning, and the folder left behind), and a pool's worker leaves by os._exit, which
    # collects nothing. Multiprocessing's exit hook runs in both, before anything is gone.
    Finalize(None, _stop_worker, exitpriority=0)


def _stop_worker() -> None:
    _renderer.clear()
    gc.collect()  # a rendered document leaves the configuration in reference cycles


def _render(job: tuple[PrintDocument, str]) -> int:
    """Write one PDF; returns its size in bytes."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    document, out_dir = job
    target = Path(out_dir) / document.path
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        HTML(
            string=document.html,
            base_url=document.base_url,
            url_fetcher=_renderer["fetcher"],
        ).write_pdf(
            target,
            stylesheets=[_renderer["css"]],
            font_config=_renderer["fonts"],
            pdf_variant="pdf/ua-1",
        )
    except (Exception, FatalURLFetchingError) as error:  # the latter is a BaseException
        raise PdfError(f"{document.path}: {error}") from error
    return target.stat().st_size


def render_pdfs(
    root: Path, documents: Iterable[PrintDocument], out_dir: Path, jobs: int | None = None
) -> PdfResult:
    """Every document's PDF under out_dir, in `jobs` processes (one per core by default)."""
    started = time.perf_counter()
    todo = [(document, str(out_dir)) for document in documents]
    font_faces(root)  # fail before starting workers when the font is missing
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    if workers == 1:  # no pool: a few documents (the tests) render in this process
        if not _renderer:
            _start_worker(str(root))
        sizes = [_render(job) for job in todo]
    else:
        # Imported before the workers fork, so that they share it rather than each import it.
        import weasyprint  # noqa: F401

        with ProcessPoolExecutor(
            max_workers=workers, initializer=_start_worker, initargs=(str(root),)
        ) as pool:
            sizes = list(pool.map(_render, todo, chunksize=4))
    return PdfResult(len(sizes), sum(sizes), time.perf_counter() - started)
