"""
Builds the whole site: one MkDocs build per language into <out>/<lang>/, then the root
(a language chooser, and a sitemap index over the languages' sitemaps), then the staff
console under <out>/staff/ (portal.site.staff_console).
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from jinja2 import Environment, FileSystemLoader, select_autoescape

from portal.i18n import translations
from portal.site.config import SiteConfig, load_site_config
from portal.site.print_documents import PRINT_DIR_ENV, read_documents
from portal.site.staff_console import write_staff_console

ROOT_TEMPLATE_DIR = Path("site") / "root"


class BuildError(RuntimeError):
    """A language's MkDocs build failed; the message carries MkDocs' output."""


@dataclass(frozen=True)
class LanguageResult:
    lang: str
    seconds: float


def build_language(
    config_file: Path, lang: str, site_dir: Path, print_dir: Path | None = None
) -> LanguageResult:
    """
    Run `mkdocs build --strict` for one language in its own process; with print_dir, it
    writes its versions' PDF sources there (portal.site.print_documents).
    """
    env = {**os.environ, "PORTAL_LANG": lang, "NO_MKDOCS_2_WARNING": "1"}
    env.pop(PRINT_DIR_ENV, None)
    if print_dir is not None:
        env[PRINT_DIR_ENV] = str(print_dir.resolve())
    # No --quiet: it hides warnings from the counter that makes --strict fail.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    command += ["--config-file", str(config_file), "--site-dir", str(site_dir)]
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise BuildError(f"building {lang!r} failed:\n{output}")
    return LanguageResult(lang, time.perf_counter() - started)


def build_site(
    config_file: Path,
    out_dir: Path,
    languages: list[str] | None = None,
    jobs: int | None = None,
    progress: Callable[[str], None] = lambda message: None,
    pdfs: bool = False,
    print_dir: Path | None = None,
) -> list[LanguageResult]:
    """
    Build the given languages (all by default) in parallel, then the root files; with
    `pdfs`, then every version's PDF (portal.site.pdfs). print_dir keeps the PDFs' sources
    (the tests render a few of them); without it they go to a scratch folder.
    """
    with tempfile.TemporaryDirectory(prefix="portal-print-") as scratch:
        sources = print_dir or (Path(scratch) if pdfs else None)
        results = _build_languages(config_file, out_dir, languages, jobs, progress, sources)
        if pdfs and sources is not None:
            from portal.site.pdfs import PdfError, render_pdfs

            try:
                done = render_pdfs(config_file.resolve().parent, read_documents(sources), out_dir)
            except PdfError as error:
                raise BuildError(f"PDFs: {error}") from error
            progress(f"wrote {done.count} PDFs ({done.size / 1e6:.1f} MB) in {done.seconds:.1f} s")
    return results


def _build_languages(
    config_file: Path,
    out_dir: Path,
    languages: list[str] | None,
    jobs: int | None,
    progress: Callable[[str], None],
    print_dir: Path | None,
) -> list[LanguageResult]:
    site = load_site_config(config_file)
    chosen = languages or list(site.languages)
    unknown = [lang for lang in chosen if lang not in site.languages]
    if unknown:
        raise BuildError(f"unknown language(s): {', '.join(unknown)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    workers = jobs or min(len(chosen), os.cpu_count() or 1)

    def one(lang: str) -> LanguageResult:
        result = build_language(config_file, lang, out_dir / lang, print_dir)
        progress(f"built {lang} in {result.seconds:.1f} s")
        return result

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(one, chosen))
    write_root(site, out_dir)
    write_staff_console(site, out_dir)
    return results


def write_root(site: SiteConfig, out_dir: Path) -> None:
    """The language chooser at /, its script and style, and the sitemap index."""
    template_dir = site.root / ROOT_TEMPLATE_DIR
    env = Environment(
        loader=FileSystemLoader(template_dir),
        autoescape=select_autoescape(["html"]),
        keep_trailing_newline=True,
    )
    languages = []
    for lang, name in site.languages.items():
        catalog = translations(lang)
        languages.append(
            {
                "lang": lang,
                "name": name,
                "absolute": site.language_url(lang),
                "choose": catalog.gettext("Read the legal information in this language"),
                "site_name": catalog.gettext(site.site_name),
            }
        )
    html = env.get_template("index.html").render(
        source=languages[0],
        languages=languages,
        codes=" ".join(site.languages),
        site_url=site.site_url,
    )
    (out_dir / "index.html").write_text(html, encoding="utf-8")
    for asset in ("language.js", "root.css"):
        shutil.copyfile(template_dir / asset, out_dir / asset)
    (out_dir / "sitemap.xml").write_text(sitemap_index(site), encoding="utf-8")
    (out_dir / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\nSitemap: {site.site_url}sitemap.xml\n", encoding="utf-8"
    )


def sitemap_index(site: SiteConfig) -> str:
    entries = "".join(
        f"  <sitemap><loc>{escape(site.language_url(lang))}sitemap.xml</loc></sitemap>\n"
        for lang in site.languages
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</sitemapindex>\n"
    )
