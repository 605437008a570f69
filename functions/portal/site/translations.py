"""
Which translated pages are missing, outdated or out of step with their English source.

A translation copies the `effective_date` of the English version it renders; it is
outdated once the English date differs (Mozilla's legal-docs rule, not git dates, so
that an English typo fix flags no language). An upcoming English text (`<page>.next.md`)
leaves the text in force as it is: its translation is not outdated, but the upcoming text
needs one of its own before its date. Headings' anchors and relative links must
match English, so that links into a page work in every language.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portal.site.config import SiteConfig
from portal.site.pages import (
    heading_anchors,
    list_pages,
    next_path,
    read_front_matter,
    relative_links,
    split_front_matter,
)

VERSION_KEY = "effective_date"


@dataclass(frozen=True)
class Outdated:
    path: str
    source_version: str
    translation_version: str


@dataclass(frozen=True)
class StructureMismatch:
    path: str
    missing: tuple[str, ...]
    unexpected: tuple[str, ...]


@dataclass
class LanguageReport:
    lang: str
    total: int
    missing: list[str] = field(default_factory=list)
    outdated: list[Outdated] = field(default_factory=list)
    upcoming: list[Outdated] = field(default_factory=list)  # upcoming texts not translated
    orphans: list[str] = field(default_factory=list)
    structure: list[StructureMismatch] = field(default_factory=list)

    @property
    def is_complete(self) -> bool:
        return not (
            self.missing or self.outdated or self.upcoming or self.orphans or self.structure
        )


def is_outdated(source_meta: Mapping[str, Any], translation_meta: Mapping[str, Any]) -> bool:
    """True when the translation renders another version than the English source's."""
    return str(source_meta.get(VERSION_KEY)) != str(translation_meta.get(VERSION_KEY))


def _structure(markdown: str) -> set[str]:
    return {f"#{anchor}" for anchor in heading_anchors(markdown)} | set(relative_links(markdown))


def _upcoming(source_dir: Path, target_dir: Path, path: str) -> Outdated | None:
    """An upcoming English text whose translation is missing or renders another version."""
    source, target = source_dir / path, target_dir / path
    if not next_path(source).is_file():
        return None
    source_meta = read_front_matter(next_path(source))
    meta = read_front_matter(next_path(target)) if next_path(target).is_file() else {}
    if not is_outdated(source_meta, meta):
        return None
    return Outdated(path, str(source_meta.get(VERSION_KEY)), str(meta.get(VERSION_KEY)))


def check_language(site: SiteConfig, lang: str) -> LanguageReport:
    source_dir = site.docs_dir(site.source_language)
    target_dir = site.docs_dir(lang)
    source_pages = list_pages(source_dir)
    translated = set(list_pages(target_dir))
    report = LanguageReport(lang=lang, total=len(source_pages))
    report.orphans = sorted(translated - set(source_pages))
    for path in source_pages:
        if path not in translated:
            report.missing.append(path)
            continue
        source_meta, source_body = split_front_matter(
            (source_dir / path).read_text(encoding="utf-8")
        )
        meta, body = split_front_matter((target_dir / path).read_text(encoding="utf-8"))
        if is_outdated(source_meta, meta):
            report.outdated.append(
                Outdated(path, str(source_meta.get(VERSION_KEY)), str(meta.get(VERSION_KEY)))
            )
        upcoming = _upcoming(source_dir, target_dir, path)
        if upcoming is not None:
            report.upcoming.append(upcoming)
        expected, found = _structure(source_body), _structure(body)
        if expected != found:
            report.structure.append(
                StructureMismatch(
                    path, tuple(sorted(expected - found)), tuple(sorted(found - expected))
                )
            )
    return report


def check_translations(
    site: SiteConfig, languages: list[str] | None = None
) -> list[LanguageReport]:
    return [check_language(site, lang) for lang in (languages or site.translations)]


def render_report(reports: list[LanguageReport]) -> str:
    """A plain-text report, one block per language."""
    lines: list[str] = []
    for report in reports:
        done = report.total - len(report.missing) - len(report.outdated)
        status = "complete" if report.is_complete else "needs work"
        lines.append(f"{report.lang}: {done}/{report.total} pages up to date ({status})")
        lines.extend(f"  missing   {path}" for path in report.missing)
        lines.extend(
            f"  outdated  {item.path} (translates {item.translation_version}, "
            f"English is {item.source_version})"
            for item in report.outdated
        )
        lines.extend(
            f"  upcoming  {item.path} (English applies a new version from "
            f"{item.source_version}; this translation has {item.translation_version})"
            for item in report.upcoming
        )
        lines.extend(f"  orphan    {path} (no English page)" for path in report.orphans)
        for item in report.structure:
            details = [f"lacks {', '.join(item.missing)}"] if item.missing else []
            if item.unexpected:
                details.append(f"adds {', '.join(item.unexpected)}")
            lines.append(f"  structure {item.path}: anchors or links differ ({'; '.join(details)})")
    return "\n".join(lines)
