"""
What readers will see change between two builds of the site, page by page and language by
language: sentences changed, added or removed (facts filled in, markup gone), title,
description and effective date, the page's place in the navigation, heading anchors that
disappear (links to them break), and translations the change leaves outdated or missing.
"""

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from portal.site.pages import page_url
from portal.site.rendered_pages import MISSING, OUTDATED, RenderedPage

# A sentence ends at . ! ? or … followed by a space and what can start a sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-ÖØ-Þ0-9«\"„“(])")
# Words (an address or a number keeps its inner dots), punctuation apart, and spaces.
_WORD = r"[^\s.,;:!?()«»\"“”„]+"
_TOKEN = re.compile(rf"\s+|{_WORD}(?:\.{_WORD})*|\S")
# Below this similarity two sentences at the same place are one removed and one added.
_SAME_SENTENCE = 0.5

Mark = Literal[" ", "-", "+"]


@dataclass(frozen=True)
class SentenceChange:
    kind: Literal["changed", "added", "removed", "unchanged"]
    before: str
    after: str
    words: tuple[tuple[Mark, str], ...] = ()  # for `changed`: the sentence with its edits


@dataclass(frozen=True)
class AnchorChange:
    before: str
    after: str | None  # the heading's new anchor, None when the heading is gone
    heading: str
    still_in: tuple[str, ...] = ()  # languages whose page keeps the old anchor


@dataclass
class PageChange:
    lang: str
    url: str
    status: Literal["added", "removed", "changed"]
    title: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # name, before, after
    moved: tuple[str, str] | None = None
    sentences: list[SentenceChange] = field(default_factory=list)
    anchors: list[AnchorChange] = field(default_factory=list)


@dataclass(frozen=True)
class TranslationGap:
    lang: str
    url: str
    title: str
    state: str  # missing or outdated
    owners: tuple[str, ...]


@dataclass
class SiteDiff:
    base: str
    head: str
    languages: list[str]
    pages: list[PageChange] = field(default_factory=list)
    translations: list[TranslationGap] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.pages


def sentences(blocks: list[str]) -> list[str]:
    return [part for block in blocks for part in _SENTENCE_END.split(block) if part]


def word_marks(before: str, after: str) -> tuple[tuple[Mark, str], ...]:
    """`before` turned into `after`, word by word: kept (` `), removed (`-`), added (`+`)."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    marks: list[tuple[Mark, str]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            marks.append((" ", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            marks.append(("-", "".join(old[i1:i2])))
        if j2 > j1:
            marks.append(("+", "".join(new[j1:j2])))
    return tuple(marks)


def sentence_changes(
    before: list[str], after: list[str], keep_unchanged: bool = False
) -> list[SentenceChange]:
    """The sentences changed, added and removed; all of them, in order, with `keep_unchanged`."""
    old, new = sentences(before), sentences(after)
    changes: list[SentenceChange] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            if keep_unchanged:
                changes += [SentenceChange("unchanged", text, text) for text in new[j1:j2]]
            continue
        removed, added = old[i1:i2], new[j1:j2]
        while removed and added:
            ratio = difflib.SequenceMatcher(None, removed[0], added[0], autojunk=False).ratio()
            if ratio < _SAME_SENTENCE:
                break
            first, second = removed.pop(0), added.pop(0)
            changes.append(SentenceChange("changed", first, second, word_marks(first, second)))
        changes += [SentenceChange("removed", text, "") for text in removed]
        changes += [SentenceChange("added", "", text) for text in added]
    return changes


def anchor_changes(before: RenderedPage, after: RenderedPage) -> list[AnchorChange]:
    """Anchors the page loses, paired with the anchor its heading has now when it has one."""
    old = [heading.anchor for heading in before.headings]
    new = [heading.anchor for heading in after.headings]
    texts = {heading.anchor: heading.text for heading in before.headings}
    gone = set(old) - set(new)
    changes: list[AnchorChange] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        candidates = [anchor for anchor in new[j1:j2] if anchor not in old]
        for anchor in old[i1:i2]:
            if anchor in gone:
                renamed = candidates.pop(0) if candidates else None
                changes.append(AnchorChange(anchor, renamed, texts[anchor]))
    return changes


def nav_places(nav: list[Any], translate: Callable[[str], str]) -> dict[str, tuple[str, int]]:
    """Each page's section path in the navigation and its position among the section's pages."""
    places: dict[str, tuple[str, int]] = {}

    def walk(items: list[Any], sections: tuple[str, ...]) -> None:
        position = 0
        for item in items:
            entries = item.items() if isinstance(item, dict) else [(None, item)]
            for title, value in entries:
                if isinstance(value, list):
                    walk(value, (*sections, translate(str(title))))
                elif isinstance(value, str) and value.endswith(".md"):
                    places[page_url(value)] = (" / ".join(sections) or "(top)", position)
                    position += 1

    walk(nav, ())
    return places


def moves(
    before: Mapping[str, tuple[str, int]], after: Mapping[str, tuple[str, int]]
) -> dict[str, tuple[str, str]]:
    """Pages in another section, or in another order among the pages that stay in theirs."""
    moved: dict[str, tuple[str, str]] = {}
    common = [url for url in before if url in after]
    for url in common:
        if before[url][0] != after[url][0]:
            moved[url] = (before[url][0], after[url][0])
    for section in {place[0] for place in after.values()}:
        old = sorted(
            (u for u in common if before[u][0] == section == after[u][0]),
            key=lambda u: before[u][1],
        )
        new = sorted(old, key=lambda u: after[u][1])
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        kept = {
            old[block.a + k] for block in matcher.get_matching_blocks() for k in range(block.size)
        }
        for url in old:
            if url not in kept:
                before_at, after_at = before[url][1] + 1, after[url][1] + 1
                moved[url] = (f"{section}, position {before_at}", f"{section}, position {after_at}")
    return moved


@dataclass(frozen=True)
class LanguageSide:
    """One language of one revision: its pages and the navigation places of its pages."""

    pages: Mapping[str, RenderedPage]
    places: Mapping[str, tuple[str, int]]


def compare_language(lang: str, before: LanguageSide, after: LanguageSide) -> list[PageChange]:
    changes: list[PageChange] = []
    moved = moves(before.places, after.places)
    for url in sorted(set(before.pages) | set(after.pages)):
        old, new = before.pages.get(url), after.pages.get(url)
        if old is None or new is None:
            if new is not None:
                added = PageChange(lang, url, "added", new.title)
                added.sentences = sentence_changes([], new.blocks)
                changes.append(added)
            elif old is not None:
                changes.append(PageChange(lang, url, "removed", old.title))
            continue
        change = PageChange(lang, url, "changed", new.title)
        for name, was, now in (
            ("title", old.title, new.title),
            ("description", old.description, new.description),
            ("effective date", old.effective_date, new.effective_date),
            ("translation", old.state or "up to date", new.state or "up to date"),
        ):
            if was != now:
                change.fields.append((name, was, now))
        change.moved = moved.get(url)
        change.sentences = sentence_changes(old.blocks, new.blocks)
        change.anchors = anchor_changes(old, new)
        if change.fields or change.moved or change.sentences or change.anchors:
            changes.append(change)
    return changes


def source_paths(url: str) -> list[str]:
    """The Markdown files a page URL can come from: `reviews/` <- reviews.md, reviews/index.md."""
    if not url:
        return ["index.md"]
    stem = url.rstrip("/")
    return [f"{stem}.md", f"{stem}/index.md"]


def flag_anchors_other_languages(
    changes: list[PageChange],
    languages: list[str],
    anchors_at_head: Callable[[str, str], list[str] | None],
) -> None:
    """Name the languages whose same page still has an anchor another language dropped."""
    for change in changes:
        kept = []
        for anchor in change.anchors:
            still = tuple(
                lang
                for lang in languages
                if lang != change.lang
                and anchor.before in (anchors_at_head(lang, change.url) or [])
            )
            kept.append(AnchorChange(anchor.before, anchor.after, anchor.heading, still))
        change.anchors = kept


def translation_gaps(
    source: str,
    bases: Mapping[str, Mapping[str, RenderedPage]],
    heads: Mapping[str, Mapping[str, RenderedPage]],
    owners: Callable[[str], list[str]],
) -> list[TranslationGap]:
    """Translations this change leaves missing or outdated (and were not before)."""
    gaps = []
    for lang, pages in heads.items():
        if lang == source:
            continue
        for url, page in sorted(pages.items()):
            before = bases.get(lang, {}).get(url)
            if page.state in (MISSING, OUTDATED) and (before is None or before.state != page.state):
                path = f"docs/{lang}/{url or 'index.md'}"
                gaps.append(TranslationGap(lang, url, page.title, page.state, tuple(owners(path))))
    return gaps
