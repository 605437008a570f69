"""
Markdown pages on disk: their front matter, the anchors and links a translation must keep.
"""

import re
from pathlib import Path
from typing import Any

import yaml

# libyaml's safe loader where PyYAML has it: the same documents, read ten times faster
# (the versions read every committed text of every page).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)---[ \t]*\r?\n", re.DOTALL)
# `## Appeals { #appeals }`: explicit heading anchors, identical in every language.
_HEADING_ANCHOR = re.compile(r"^#{1,6}\s.*\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$", re.MULTILINE)
# Relative Markdown links: `[text](../reviews/appeal.md#how)`.
_RELATIVE_LINK = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|#)([^)\s]+?\.md(?:#[^)\s]*)?)\)")


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The YAML front matter of a Markdown text, and the body after it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta = yaml.load(match.group(1), Loader=_LOADER) or {}  # noqa: S506 - a safe loader
    if not isinstance(meta, dict):
        raise ValueError("front matter must be a mapping")
    return meta, text[match.end() :]


def read_front_matter(path: Path) -> dict[str, Any]:
    meta, _ = split_front_matter(path.read_text(encoding="utf-8"))
    return meta


# `sellers.next.md`: the upcoming text of `sellers.md`, published at its versions URL
# (portal.site.versions), not a page of its own.
NEXT_SUFFIX = ".next.md"


def list_pages(docs_dir: Path) -> list[str]:
    """Relative POSIX paths of the Markdown pages of one language (not upcoming texts)."""
    if not docs_dir.is_dir():
        return []
    return sorted(
        p.relative_to(docs_dir).as_posix()
        for p in docs_dir.rglob("*.md")
        if not p.name.endswith(NEXT_SUFFIX)
    )


def next_path(page: Path) -> Path:
    """`docs/en/platform/sellers.md` -> `docs/en/platform/sellers.next.md`."""
    return page.with_name(page.name.removesuffix(".md") + NEXT_SUFFIX)


def heading_anchors(markdown: str) -> list[str]:
    return _HEADING_ANCHOR.findall(markdown)


def relative_links(markdown: str) -> list[str]:
    return sorted(set(_RELATIVE_LINK.findall(markdown)))


def page_url(src_uri: str) -> str:
    """`reviews/index.md` -> `reviews/`, `platform/ranking.md` -> `platform/ranking/`."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"
