"""
A page's versions: the text in force between two effective dates, from the git history.

Each distinct `effective_date` a page's file has carried is one version; its text is the
last one committed with that date. The working tree gives the current text, and an
upcoming one in `<page>.next.md` (the next text, with a future effective date). Once that
date has come, the build shows the next text as the one in force, so a rebuild on the day
publishes it even before staff move the file.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

import yaml

from portal.site.history import History
from portal.site.pages import NEXT_SUFFIX, next_path, split_front_matter
from portal.site.translations import VERSION_KEY

SUMMARY_KEY = "change_summary"
NOTICE_KEY = "notice_days"

State = Literal["past", "current", "upcoming"]


class VersionError(ValueError):
    """A page's versions break a rule: the message names the page and the rule."""


@dataclass(frozen=True)
class Version:
    effective: date
    markdown: str  # the whole file, front matter included
    meta: dict[str, Any]
    announced: date  # first commit carrying this effective date; the build date if none yet
    state: State = "past"

    @property
    def summary(self) -> str | None:
        value = self.meta.get(SUMMARY_KEY)
        return str(value).strip() if value else None

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or "")


def is_next_file(src_uri: str) -> bool:
    return src_uri.endswith(NEXT_SUFFIX)


def _parse(markdown: str) -> tuple[date, dict[str, Any]] | None:
    try:
        meta, _ = split_front_matter(markdown)
    except (ValueError, yaml.YAMLError):
        return None
    effective = meta.get(VERSION_KEY)
    return (effective, meta) if isinstance(effective, date) else None


def _committed(history: History, path: Path) -> dict[date, Version]:
    """The last committed text of each effective date of one file, and when it first came."""
    revisions = [r for r in history.revisions(path) if r.blob]
    texts = history.texts(r.blob for r in revisions)
    found: dict[date, Version] = {}
    for revision in reversed(revisions):  # oldest first: later texts replace earlier ones
        markdown = texts.get(revision.blob)
        parsed = _parse(markdown) if markdown is not None else None
        if parsed is None or markdown is None:
            continue
        effective, meta = parsed
        first = found[effective].announced if effective in found else revision.committed
        found[effective] = Version(effective, markdown, meta, first)
    return found


def _working(path: Path, today: date, committed: dict[date, Version]) -> Version | None:
    if not path.is_file():
        return None
    markdown = path.read_text(encoding="utf-8")
    parsed = _parse(markdown)
    if parsed is None:
        return None
    effective, meta = parsed
    earlier = committed.get(effective)
    return Version(effective, markdown, meta, earlier.announced if earlier else today)


def page_versions(history: History, page: Path, today: date) -> list[Version]:
    """
    A page file's versions, oldest first: past ones, the one in force, then any upcoming.
    Empty when the file has no readable front matter.
    """
    upcoming_file = next_path(page)
    committed = _committed(history, page)
    announced = _committed(history, upcoming_file)
    current = _working(page, today, committed)
    if current is None:
        return []
    upcoming = _working(upcoming_file, today, {**committed, **announced})
    if upcoming is not None and upcoming.effective <= current.effective:
        raise VersionError(
            f"{upcoming_file}: its effective_date ({upcoming.effective}) must come after "
            f"the current one ({current.effective})"
        )
    latest = [current] if upcoming is None else [current, upcoming]
    past = [v for d, v in sorted(committed.items()) if d < current.effective]
    if upcoming is not None and upcoming.effective <= today:  # its day has come
        past, latest = [*past, current], [upcoming]
    past_states: list[State] = ["past"] * len(past)
    latest_states: list[State] = ["current", "upcoming"]
    states = past_states + latest_states[: len(latest)]
    return [
        Version(v.effective, v.markdown, v.meta, v.announced, state)
        for v, state in zip([*past, *latest], states, strict=True)
    ]


def check_versions(name: str, versions: list[Version], notice_days: int, today: date) -> None:
    """
    A new effective date needs a new `change_summary`; an upcoming version that binds
    business users must be announced `notice_days` ahead (P2B Regulation (EU) 2019/1150,
    Art. 3(2): at least 15 days).
    """
    for before, after in zip([None, *versions], versions, strict=False):
        if after.state == "past":
            continue  # history is what it was: texts from before change_summary existed
        if after.summary is None:
            raise VersionError(f"{name}: the version of {after.effective} needs a change_summary")
        if before is not None and before.summary == after.summary:
            raise VersionError(
                f"{name}: effective_date changed from {before.effective} to {after.effective} "
                "but change_summary did not; say what changed"
            )
    for version in versions:
        if version.state != "upcoming" or not notice_days:
            continue
        starts = version.announced + timedelta(days=notice_days)
        if version.effective < starts:
            raise VersionError(
                f"{name}: the upcoming version of {version.effective} binds business users "
                f"and needs {notice_days} days' notice: announced {version.announced}, "
                f"it can apply from {starts} at the earliest"
            )
