"""
A language's change feed: an Atom document (RFC 4287) listing the pages' versions, newest
announcement first, each with its change summary, so that readers and business users can
follow new and upcoming texts.
"""

from dataclasses import dataclass
from datetime import date
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class FeedEntry:
    url: str  # absolute: the version's stable address, also the entry's id
    title: str
    summary: str
    announced: date  # Atom's `updated`: when the version was first published
    lang: str


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom_feed(
    *,
    feed_url: str,
    site_url: str,
    title: str,
    author: str,
    lang: str,
    entries: list[FeedEntry],
    built: date,
) -> str:
    """The Atom XML of a feed; `built` dates a feed without entries."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})
    ordered = sorted(entries, key=lambda e: (e.announced, e.url), reverse=True)

    def child(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> None:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        element.text = text

    child(feed, "id", feed_url)
    child(feed, "title", title)
    child(feed, "updated", _stamp(ordered[0].announced if ordered else built))
    child(feed, "link", rel="self", type="application/atom+xml", href=feed_url)
    child(feed, "link", rel="alternate", type="text/html", href=site_url)
    author_element = ET.SubElement(feed, f"{{{ATOM}}}author")
    child(author_element, "name", author)
    for item in ordered:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        if item.lang != lang:
            entry.set(XML_LANG, item.lang)
        child(entry, "id", item.url)
        child(entry, "title", item.title)
        child(entry, "updated", _stamp(item.announced))
        child(entry, "link", rel="alternate", type="text/html", href=item.url)
        child(entry, "summary", item.summary)
    body = ET.tostring(feed, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'
