"""
A babel extractor for mkdocs.yml: the site name, description and navigation section
titles are English msgids, translated at build time like every other shown string.
"""

from collections.abc import Iterator
from typing import IO, Any

import yaml

from portal.site.config import _TolerantLoader

_FIELDS = ("site_name", "site_description")


def _sections(items: list[Any]) -> Iterator[str]:
    for item in items:
        if isinstance(item, dict):
            for title, children in item.items():
                if isinstance(children, list):
                    yield str(title)
                    yield from _sections(children)


def extract_mkdocs_yml(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    data = yaml.load(fileobj.read().decode("utf-8"), Loader=_TolerantLoader)  # noqa: S506
    for field in _FIELDS:
        if data.get(field):
            yield 0, "_", str(data[field]), [f"mkdocs.yml {field}"]
    for title in _sections(data.get("nav") or []):
        yield 0, "_", title, ["mkdocs.yml navigation section"]
