"""
`portal diff`: build two revisions of the site (a git revision against another, or against
the working tree) in temporary folders, only in the languages the change can reach, and
compare what readers see.
"""

import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from portal.i18n import translations
from portal.site.build import build_language
from portal.site.codeowners import owners, read_rules
from portal.site.config import load_site_config
from portal.site.pages import heading_anchors
from portal.site.rendered_diff import (
    LanguageSide,
    SiteDiff,
    compare_language,
    flag_anchors_other_languages,
    nav_places,
    source_paths,
    translation_gaps,
)
from portal.site.rendered_pages import RenderedPage, read_language
from portal.site.revisions import (
    affected_languages,
    changed_files,
    export_revision,
    read_at,
    toplevel,
)

WORKING_TREE = "working tree"


def _sides(config_file: Path, site_dir: Path, languages: list[str]) -> dict[str, LanguageSide]:
    nav = load_site_config(config_file).nav
    return {
        lang: LanguageSide(
            pages=read_language(site_dir / lang),
            places=nav_places(nav, translations(lang).gettext),
        )
        for lang in languages
    }


def diff_revisions(
    config_file: Path,
    base: str,
    head: str | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> SiteDiff:
    """What readers see change from `base` to `head` (the working tree when None)."""
    config_file = config_file.resolve()
    repository = toplevel(config_file.parent)
    config_path = config_file.relative_to(repository)
    site = load_site_config(config_file)
    changed = changed_files(repository, base, head)
    chosen = affected_languages(
        changed,
        list(site.languages),
        site.source_language,
        lambda revision, path: read_at(repository, revision, path),
        base,
        head,
    )
    diff = SiteDiff(base, head or WORKING_TREE, chosen)
    if not chosen:
        return diff
    progress(f"{len(changed)} file(s) changed; building {', '.join(chosen)} at both revisions")
    with tempfile.TemporaryDirectory(prefix="portal-diff-") as folder:
        tmp = Path(folder)
        configs = {"base": tmp / "base" / config_path}
        export_revision(repository, base, tmp / "base")
        if head is None:
            configs["head"] = config_file
        else:
            export_revision(repository, head, tmp / "head")
            configs["head"] = tmp / "head" / config_path
        jobs = [(side, lang) for side in configs for lang in chosen]

        def build(job: tuple[str, str]) -> None:
            side, lang = job
            result = build_language(configs[side], lang, tmp / f"{side}-site" / lang)
            progress(f"built {lang} at {side} in {result.seconds:.1f} s")

        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            list(pool.map(build, jobs))
        before = _sides(configs["base"], tmp / "base-site", chosen)
        after = _sides(configs["head"], tmp / "head-site", chosen)
    for lang in chosen:
        diff.pages += compare_language(lang, before[lang], after[lang])
    heads: dict[str, dict[str, RenderedPage]] = {k: dict(v.pages) for k, v in after.items()}
    bases: dict[str, dict[str, RenderedPage]] = {k: dict(v.pages) for k, v in before.items()}

    def anchors_at_head(lang: str, url: str) -> list[str] | None:
        if lang in heads:
            page = heads[lang].get(url)
            return None if page is None else [h.anchor for h in page.headings]
        for src in source_paths(url):
            markdown = read_at(repository, head, f"docs/{lang}/{src}")
            if markdown is not None:
                return heading_anchors(markdown)
        return None

    flag_anchors_other_languages(diff.pages, list(site.languages), anchors_at_head)
    rules = read_rules(repository)
    diff.translations = translation_gaps(
        site.source_language, bases, heads, lambda path: owners(rules, path)
    )
    return diff
