"""
One language's MkDocs build: which docs folder, which pages fall back to English, the
notices for missing and outdated translations, per-page language links and dates.

site/hooks.py calls into this module from MkDocs' events; the rules live here.
"""

import gettext
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from portal.i18n import eu_languages, member_states, translations
from portal.site import formatting
from portal.site.config import SiteConfig
from portal.site.facts import load_data_files, render_markdown
from portal.site.feed import atom_feed
from portal.site.gitdates import commit_dates
from portal.site.history import History, read_history
from portal.site.pages import read_front_matter, split_front_matter
from portal.site.print_documents import pdf_href
from portal.site.rendered_pages import text_blocks
from portal.site.translations import VERSION_KEY, is_outdated
from portal.site.transparency_reports import DATA_FILE, FILES_DIR, check_transparency_reports
from portal.site.version_diff import diff_html
from portal.site.version_pages import (
    GeneratedPage,
    LanguageVersion,
    LanguageVersions,
    Timeline,
    merge_timeline,
)
from portal.site.versions import NOTICE_KEY, Version, check_versions, is_next_file, page_versions

MISSING = "missing"
OUTDATED = "outdated"


@dataclass(frozen=True)
class LanguageLink:
    lang: str
    name: str
    href: str  # relative to the language's site root, for the url filter
    absolute: str
    current: bool


@dataclass
class LanguageBuild:
    site: SiteConfig
    lang: str
    today: date
    data: dict[str, Any] = field(default_factory=dict)
    fallbacks: set[str] = field(default_factory=set)
    commit_dates: dict[Path, date] = field(default_factory=dict)
    history: History = field(default_factory=History)
    versions: LanguageVersions = field(default_factory=LanguageVersions)
    in_force: dict[str, Version] = field(default_factory=dict)  # this language's text, by page
    source_in_force: dict[str, Version] = field(default_factory=dict)  # English's, by page
    warnings: list[str] = field(default_factory=list)
    # A pull request's preview (PORTAL_PREVIEW at build time): its forms send nothing,
    # since the preview's pages would post to the live API and file real cases.
    preview: bool = False

    @classmethod
    def start(cls, site: SiteConfig, lang: str, today: date) -> "LanguageBuild":
        if lang not in site.languages:
            known = ", ".join(site.languages)
            raise ValueError(f"language {lang!r} is not one of the portal's languages ({known})")
        if not site.docs_dir(lang).is_dir():
            raise ValueError(f"language {lang!r} has no folder {site.docs_dir(lang)}")
        publications = site.docs_root / "active-recipients.yml"
        if publications.is_file():
            from portal.adapters.publications_file import load_publications
            from portal.domain.errors import DomainError

            try:
                load_publications(publications)  # every entry valid, newest first
            except DomainError as error:
                raise ValueError(f"{publications}: {error.code} {error.params}") from error
        reports = site.docs_root / DATA_FILE
        if reports.is_file():
            check_transparency_reports(reports, site.docs_dir(site.source_language) / FILES_DIR)
        # One git log for the build, over the two folders it reads (portal.site.history).
        folders = sorted({f"docs/{site.source_language}", f"docs/{lang}"})
        history = read_history(site.root, folders)
        return cls(
            site=site,
            lang=lang,
            today=today,
            data=load_data_files(site.docs_root),
            commit_dates=commit_dates(history),
            history=history,
        )

    @property
    def source(self) -> str:
        return self.site.source_language

    @property
    def gettext(self) -> gettext.NullTranslations:
        return translations(self.lang)

    def _(self, message: str) -> str:
        return self.gettext.gettext(message)

    def missing_pages(self, present: set[str]) -> list[str]:
        """Files of the source language that this language lacks (pages and assets)."""
        source_dir = self.site.docs_dir(self.source)
        return sorted(
            path.relative_to(source_dir).as_posix()
            for path in source_dir.rglob("*")
            if path.is_file()
            and path.relative_to(source_dir).as_posix() not in present
            and not is_next_file(path.name)
        )

    def page_state(self, src_uri: str, meta: Mapping[str, Any]) -> str | None:
        """`missing` for a page built from English, `outdated` for an older translation."""
        if src_uri in self.fallbacks:
            return MISSING
        if self.lang == self.source or not src_uri.endswith(".md"):
            return None
        return OUTDATED if is_outdated(self._source_meta(src_uri), meta) else None

    def _source_meta(self, src_uri: str) -> Mapping[str, Any]:
        """English's text in force: its upcoming version's once that has begun."""
        if src_uri in self.source_in_force:
            return self.source_in_force[src_uri].meta
        return read_front_matter(self.site.docs_dir(self.source) / src_uri)

    def add_versions(self, src_uris: list[str]) -> dict[str, str]:
        """
        Read each page's versions, check them, and return the pages to generate for them
        (src_uri -> Markdown). Raises VersionError naming the page that breaks a rule.
        """
        generated: dict[str, str] = {}
        notice_checked = not self.history.shallow
        if self.history.shallow:
            self.warnings.append(
                "shallow git clone: only current versions are built, and upcoming versions' "
                "notice periods are not checked (fetch the full history to check them)"
            )
        for src_uri in src_uris:
            source_file = self.site.docs_dir(self.source) / src_uri
            source = page_versions(self.history, source_file, self.today)
            own = source
            if self.lang != self.source and src_uri not in self.fallbacks:
                own_file = self.site.docs_dir(self.lang) / src_uri
                own = page_versions(self.history, own_file, self.today)
            if not source:
                continue
            notice = int(source[-1].meta.get(NOTICE_KEY) or 0) if notice_checked else 0
            check_versions(f"docs/{self.lang}/{src_uri}", own, notice, self.today)
            timeline = merge_timeline(src_uri, source, own)
            self.source_in_force[src_uri] = next(v for v in source if v.state == "current")
            current = timeline.current()
            if own and current is not None:
                self.in_force[src_uri] = next(v for v in own if v.state == "current")
            generated.update(self.versions.add(timeline))
        return generated

    def generated_page(self, src_uri: str) -> bool:
        return src_uri in self.versions.generated

    def render_generated(
        self, src_uri: str, markdown: str, to_html: Callable[[str], str]
    ) -> tuple[str, dict[str, Any]]:
        """A version page's Markdown (facts filled in), or a changes page's diff HTML."""
        page = self.versions.generated[src_uri]
        item = page.timeline.versions[page.index]
        lang = self.lang if item.translated else self.source
        meta = dict(item.version.meta)
        meta.pop("form", None)  # an archived form page shows its text, not a live form
        meta["translation_state"] = None if item.translated else MISSING
        meta["search"] = {"exclude": True}  # search finds the text in force only
        if not page.changes:  # `markdown`: the version's text with its links relocated
            return render_markdown(markdown, self.data, lang), meta

        def blocks(version: LanguageVersion) -> list[str]:
            _, body = split_front_matter(version.version.markdown)
            return text_blocks(to_html(render_markdown(body, self.data, lang)))

        before = page.timeline.versions[page.index - 1]
        return diff_html(blocks(before), blocks(item), self.gettext), meta

    def feed(self) -> str:
        def title(item: LanguageVersion) -> str:
            return self._("%(title)s: version of %(date)s") % {
                "title": item.version.title,
                "date": formatting.long_date(item.effective, self.lang),
            }

        url = self.site.language_url(self.lang)
        return atom_feed(
            feed_url=f"{url}feed.xml",
            site_url=url,
            title=self._("%(site)s: changes to the legal texts")
            % {"site": self._(self.site.site_name)},
            author=str(self.data.get("facts", {}).get("operator", {}).get("company", "")),
            lang=self.lang,
            entries=self.versions.feed_entries(
                url,
                self.lang,
                self.source,
                title,
                self._("No change summary was recorded for this version."),
            ),
            built=self.today,
        )

    def content_language(self, src_uri: str) -> str:
        return self.source if src_uri in self.fallbacks else self.lang

    def render(self, markdown: str, src_uri: str) -> str:
        return render_markdown(markdown, self.data, self.content_language(src_uri))

    def language_links(self, page_url: str) -> list[LanguageLink]:
        return [
            LanguageLink(
                lang=code,
                name=name,
                href=f"../{code}/{page_url}",
                absolute=f"{self.site.language_url(code)}{page_url}",
                current=code == self.lang,
            )
            for code, name in self.site.languages.items()
        ]

    def template_globals(self) -> dict[str, Any]:
        """What the theme's form templates use: rules, messages, lists, facts."""
        from portal.domain.notices import MARKETPLACE_DOMAINS
        from portal.site import forms

        return {
            "facts": self.data.get("facts", {}),
            "form_rules": forms.field_rules,
            "form_messages": forms.error_messages(self.lang),
            "form_page_parts": forms.form_page_parts,
            "member_states": member_states(self.lang),
            "eu_languages": eu_languages(self.lang),
            "marketplace_domains": list(MARKETPLACE_DOMAINS),
            "preview": self.preview,
            # The footer's and the 404 page's links to each language's home page.
            "portal_lang": self.lang,
            "home_languages": self.language_links(""),
        }

    def last_updated(self, abs_src_path: str) -> date:
        """The last commit of the page's file; the build date for a change not yet committed."""
        return self.commit_dates.get(Path(abs_src_path).resolve(), self.today)

    def _date_text(self, value: date) -> str:
        return formatting.long_date(value, self.lang)

    def page_context(
        self, src_uri: str, page_url: str, meta: Mapping[str, Any], abs_src_path: str
    ) -> dict[str, Any]:
        state = meta.get("translation_state")
        effective = meta.get(VERSION_KEY)
        updated = self.last_updated(abs_src_path)
        context: dict[str, Any] = {
            "state": state,
            "content_lang": self.source if state == MISSING else None,
            "languages": self.language_links(page_url),
            "x_default": f"{self.site.language_url(self.source)}{page_url}",
            "source_href": f"../{self.source}/{page_url}",
            "last_updated": updated.isoformat(),
            "last_updated_text": formatting.long_date(updated, self.lang),
        }
        if isinstance(effective, date):
            context["effective_date"] = effective.isoformat()
            context["effective_date_text"] = formatting.long_date(effective, self.lang)
        context["feed_href"] = "feed.xml"
        context["source_lang"] = self.source  # marks an untranslated version's summary
        generated = self.versions.generated.get(src_uri)
        timeline = generated.timeline if generated else self.versions.timelines.get(src_uri)
        if timeline is not None:
            context["versions"] = self.versions.listing(timeline, self._date_text)
            context["current_href"] = timeline.url
            upcoming = timeline.upcoming()
            if upcoming is not None:
                context["upcoming"] = {
                    "date": upcoming.effective.isoformat(),
                    "date_text": self._date_text(upcoming.effective),
                    "href": timeline.version_url(upcoming.effective),
                    "translated": upcoming.translated,
                }
        shown = _shown_version(generated, timeline)
        if shown is not None:
            shown_timeline, index = shown
            item = shown_timeline.versions[index]
            context["version"] = {"number": index + 1, "state": item.version.state}
            context["pdf_href"] = pdf_href(
                shown_timeline.version_url(item.effective),
                shown_timeline.url,
                self.lang,
                item.effective,
            )
        if generated is not None:
            items = generated.timeline.versions
            item = items[generated.index]
            following = items[generated.index + 1] if generated.index + 1 < len(items) else None
            context["last_updated"] = None
            context["archive"] = {
                "state": item.version.state,
                "changes": generated.changes,
                "href": generated.timeline.version_url(item.effective),
                "until_text": self._date_text(following.effective) if following else None,
            }
            if generated.changes:
                before = items[generated.index - 1]
                context["archive"]["before_text"] = self._date_text(before.effective)
                context["archive"]["before_href"] = generated.timeline.version_url(before.effective)
        if state == OUTDATED:
            source_meta = self._source_meta(src_uri)
            source_date = source_meta.get(VERSION_KEY)
            if isinstance(source_date, date):
                context["source_date_text"] = formatting.long_date(source_date, self.lang)
        return context


def _shown_version(
    generated: GeneratedPage | None, timeline: Timeline | None
) -> tuple[Timeline, int] | None:
    """
    The version a page shows (the one in force on the page itself), by its index: a version
    page's own, a current page's current one; a changes page shows none.
    """
    if generated is not None:
        return None if generated.changes else (generated.timeline, generated.index)
    current = timeline.current() if timeline is not None else None
    if timeline is None or current is None:
        return None
    return timeline, timeline.versions.index(current)
