"""
One language's MkDocs build: which docs folder, which pages fall back to English, the
notices for missing and outdated translations, per-page language links and dates.

site/hooks.py calls into this module from MkDocs' events; the rules live here.
"""

import gettext
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from portal.i18n import eu_languages, member_states, translations
from portal.site import formatting
from portal.site.config import SiteConfig
from portal.site.facts import load_data_files, render_markdown
from portal.site.gitdates import last_commit_dates
from portal.site.pages import read_front_matter
from portal.site.translations import VERSION_KEY, is_outdated
from portal.site.transparency_reports import DATA_FILE, FILES_DIR, check_transparency_reports

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
        return cls(
            site=site,
            lang=lang,
            today=today,
            data=load_data_files(site.docs_root),
            commit_dates=last_commit_dates(site.root),
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
            if path.is_file() and path.relative_to(source_dir).as_posix() not in present
        )

    def page_state(self, src_uri: str, meta: Mapping[str, Any]) -> str | None:
        """`missing` for a page built from English, `outdated` for an older translation."""
        if src_uri in self.fallbacks:
            return MISSING
        if self.lang == self.source or not src_uri.endswith(".md"):
            return None
        source_meta = read_front_matter(self.site.docs_dir(self.source) / src_uri)
        return OUTDATED if is_outdated(source_meta, meta) else None

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
            "form_field_messages": forms.field_error_messages(self.lang),
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
        if state == OUTDATED:
            source_meta = read_front_matter(self.site.docs_dir(self.source) / src_uri)
            source_date = source_meta.get(VERSION_KEY)
            if isinstance(source_date, date):
                context["source_date_text"] = formatting.long_date(source_date, self.lang)
        return context
