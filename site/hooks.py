"""
MkDocs hooks: glue from MkDocs' build events to portal.site.language_build, where the
rules live (and are unit-tested). One build per language; PORTAL_LANG picks it.
"""

import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import markdown as python_markdown  # type: ignore[import-untyped]
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from portal.site.build_cache import template_cache
from portal.site.config import load_site_config
from portal.site.forms import write_error_sentences
from portal.site.language_build import MISSING, LanguageBuild
from portal.site.minify import minify_assets
from portal.site.print_documents import (
    PRINT_DIR_ENV,
    PrintDocument,
    print_document,
    write_documents,
)
from portal.site.stylesheet import trim_theme_stylesheet
from portal.site.theme_files import theme_environment
from portal.site.versions import VersionError, is_next_file

_log = logging.getLogger("mkdocs.hooks.portal")

_build: LanguageBuild | None = None
_markdown: Any = None  # python-markdown's Markdown, for the versions' changes pages
# The versions' PDF sources, kept when the build is asked for them (portal.site.print_documents).
_documents: list[PrintDocument] | None = None


def _current() -> LanguageBuild:
    if _build is None:
        raise PluginError("site/hooks.py: on_config has not run")
    return _build


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build, _documents
    _documents = [] if os.environ.get(PRINT_DIR_ENV) else None
    site = load_site_config(Path(config.config_file_path))
    try:
        _build = LanguageBuild.start(site, str(config.theme["language"]), datetime.now(UTC).date())
    except ValueError as error:
        raise PluginError(str(error)) from error
    _build.preview = bool(os.environ.get("PORTAL_PREVIEW"))
    build = _build
    config.theme.get_env = theme_environment(config.theme)  # type: ignore[method-assign]
    config.docs_dir = str(site.docs_dir(build.lang))
    config.site_url = site.language_url(build.lang)
    config.site_name = build._(config.site_name)
    if config.site_description:
        config.site_description = build._(config.site_description)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = _current()
    present = {file.src_uri for file in files}
    source_dir = str(build.site.docs_dir(build.source))
    for upcoming in [file for file in files if is_next_file(file.src_uri)]:
        files.remove(upcoming)  # an upcoming text is published at its versions URL
    for src_uri in build.missing_pages(present):
        files.append(File(src_uri, source_dir, config.site_dir, config.use_directory_urls))
        if src_uri.endswith(".md"):
            build.fallbacks.add(src_uri)
    pages = [file.src_uri for file in files if file.src_uri.endswith(".md")]
    try:
        generated = build.add_versions(pages)
    except VersionError as error:
        raise PluginError(str(error)) from error
    for src_uri, content in generated.items():
        files.append(
            File.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        )
    for warning in build.warnings:
        _log.info(warning)  # info: a warning would fail --strict on a shallow clone
    return files


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """The text in force: an upcoming version's once its date has come."""
    build = _current()
    src_uri = page.file.src_uri
    text = build.in_force.get(src_uri)
    if text is None and src_uri in build.fallbacks:
        text = build.source_in_force.get(src_uri)
    return None if text is None else text.markdown


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    build = _current()

    def translate(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, Section):
                item.title = build._(item.title)
                translate(item.children)

    translate(nav.items)
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = _current()
    src_uri = page.file.src_uri
    if build.generated_page(src_uri):

        def to_html(text: str) -> str:
            global _markdown
            if _markdown is None:  # one converter for the build: loading extensions costs
                _markdown = python_markdown.Markdown(
                    extensions=config.markdown_extensions, extension_configs=config.mdx_configs
                )
            return str(_markdown.reset().convert(text))

        try:
            body, meta = build.render_generated(src_uri, markdown, to_html)
        except Exception as error:  # Jinja reports undefined facts and syntax errors
            raise PluginError(f"{src_uri}: {error}") from error
        page.meta = {**meta, "portal_archive": True}
        return body
    if "effective_date" not in page.meta:
        raise PluginError(f"{src_uri}: front matter needs an effective_date")
    page.meta["translation_state"] = build.page_state(src_uri, page.meta)
    try:
        return build.render(markdown, src_uri)
    except Exception as error:  # Jinja reports undefined facts and syntax errors
        raise PluginError(f"{src_uri}: {error}") from error


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.meta.get("translation_state") == MISSING:
        return f'<div lang="{_current().source}">{html}</div>'
    return html


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    build = _current()
    context["portal_page"] = build.page_context(
        page.file.src_uri, page.url, page.meta, page.file.abs_src_path or ""
    )
    if _documents is not None:
        document = print_document(
            build, page.file.src_uri, page.title or "", page.content or "", context["portal_page"]
        )
        if document is not None:
            _documents.append(document)
    return context


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    build = _current()
    env.bytecode_cache = template_cache()  # Material's templates, compiled once
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(build.gettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(build.template_globals())
    return env


def on_post_build(config: MkDocsConfig) -> None:
    trim_theme_stylesheet(Path(config.site_dir))
    write_error_sentences(Path(config.site_dir), _current().lang)
    minify_assets(Path(config.site_dir))
    (Path(config.site_dir) / "feed.xml").write_text(_current().feed(), encoding="utf-8")
    if _documents is not None:
        write_documents(Path(os.environ[PRINT_DIR_ENV]), _current().lang, _documents)
