"""
The pages a language's build adds for versions: each version at
`<page>/versions/<effective_date>/`, the changes from the version before at
`<page>/versions/<effective_date>/changes/`, and what the templates show about them (the
list of versions, the notices of an upcoming or an archived text, the feed's entries).

A language's timeline follows English, the source: its dates and states. A version's text
is the translation's where it carries that date, else English's (shown as not translated).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from portal.site.feed import FeedEntry
from portal.site.pages import page_url
from portal.site.versions import Version

VERSIONS_FOLDER = "versions"
# Relative Markdown link targets: `](../reviews/appeal.md#how)`, `](files/report.csv)`;
# not a URL, an anchor, or a fact (`]({{ facts.x.url }})`, filled in later).
_RELATIVE_TARGET = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|#|/|\{)")


@dataclass(frozen=True)
class LanguageVersion:
    version: Version  # as English dates it (state), with this language's text when it has one
    translated: bool

    @property
    def effective(self) -> date:
        return self.version.effective


@dataclass
class Timeline:
    src_uri: str
    versions: list[LanguageVersion]

    @property
    def url(self) -> str:
        return page_url(self.src_uri)

    def version_url(self, effective: date) -> str:
        return f"{self.url}{VERSIONS_FOLDER}/{effective.isoformat()}/"

    def current(self) -> LanguageVersion | None:
        return next((v for v in self.versions if v.version.state == "current"), None)

    def upcoming(self) -> LanguageVersion | None:
        return next((v for v in self.versions if v.version.state == "upcoming"), None)


def merge_timeline(src_uri: str, source: list[Version], own: list[Version]) -> Timeline:
    """English's versions, each with this language's text of the same date where it has one."""
    texts = {version.effective: version for version in own}
    merged = []
    for version in source:
        mine = texts.get(version.effective)
        if mine is None:
            merged.append(LanguageVersion(version, translated=False))
        else:
            merged.append(
                LanguageVersion(
                    Version(
                        mine.effective, mine.markdown, mine.meta, mine.announced, version.state
                    ),
                    translated=True,
                )
            )
    return Timeline(src_uri, merged)


@dataclass(frozen=True)
class GeneratedPage:
    timeline: Timeline
    index: int  # which version
    changes: bool  # the changes page rather than the version itself


def relocate_links(markdown: str, src_uri: str, new_src_uri: str) -> str:
    """Relative links of a page's text, rewritten to work from a page deeper in the tree."""
    depth = new_src_uri.count("/") - src_uri.count("/")
    return _RELATIVE_TARGET.sub("](" + "../" * depth, markdown) if depth > 0 else markdown


@dataclass
class LanguageVersions:
    timelines: dict[str, Timeline] = field(default_factory=dict)  # by page src_uri
    generated: dict[str, GeneratedPage] = field(default_factory=dict)  # by generated src_uri

    def add(self, timeline: Timeline) -> dict[str, str]:
        """The generated files of one page's timeline: src_uri -> Markdown source."""
        self.timelines[timeline.src_uri] = timeline
        files: dict[str, str] = {}
        for index, item in enumerate(timeline.versions):
            base = f"{timeline.version_url(item.effective).rstrip('/')}"
            version_src = f"{base}.md"
            self.generated[version_src] = GeneratedPage(timeline, index, changes=False)
            files[version_src] = relocate_links(
                item.version.markdown, timeline.src_uri, version_src
            )
            if index:
                changes_src = f"{base}/changes.md"
                self.generated[changes_src] = GeneratedPage(timeline, index, changes=True)
                front = f"---\ntitle: {_yaml_string(item.version.title)}\n---\n"
                files[changes_src] = front  # the body is the diff, written at render time
        return files

    def listing(self, timeline: Timeline, date_text: Callable[[date], str]) -> list[dict[str, Any]]:
        """The versions as the page lists them, newest first."""
        rows = []
        for index, item in enumerate(timeline.versions):
            url = timeline.version_url(item.effective)
            rows.append(
                {
                    "date": item.effective.isoformat(),
                    "date_text": date_text(item.effective),
                    "href": url,
                    "changes_href": f"{url}changes/" if index else None,
                    "state": item.version.state,
                    "summary": item.version.summary,
                    "translated": item.translated,
                }
            )
        return rows[::-1]

    def feed_entries(
        self,
        language_url: str,
        lang: str,
        source: str,
        title: Callable[[LanguageVersion], str],
        no_summary: str,
    ) -> list[FeedEntry]:
        """Every version of every page; texts from before change_summary say it has none."""
        return [
            FeedEntry(
                url=f"{language_url}{timeline.version_url(item.effective)}",
                title=title(item),
                summary=item.version.summary or no_summary,
                announced=item.version.announced,
                lang=lang if item.translated else source,
            )
            for timeline in self.timelines.values()
            for item in timeline.versions
        ]


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
