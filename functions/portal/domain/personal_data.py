"""
Personal data in text that staff write for the public (Art. 24(5) DSA): statements of
reasons go to the Commission's Transparency Database, which publishes them. A scanner
cannot recognise every name; it finds what can be found (addresses, numbers, quotations)
and the names the case itself knows (the notifier's, the author's), so that staff are
asked to rephrase before anything is sent.
"""

import re
from collections.abc import Iterable
from enum import StrEnum


class Finding(StrEnum):
    EMAIL = "email"
    NUMBER = "number"  # order, phone, account or IBAN numbers
    WEB_ADDRESS = "web_address"
    NAME = "name"
    QUOTATION = "quotation"


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A phone number: 9 or more digits, spaced or dashed (a date, 2026-01-05, has 8).
_PHONE = re.compile(r"\+?\d(?:[ .\-()]*\d){8,}")
# An order or account number: a word with 6 digits or more ("L121-1", an article of a
# code, has 4). Dates are taken out first.
_NUMBERED_WORD = re.compile(r"\b[\w-]*\d[\w-]*\b")
_DATE = re.compile(r"\b(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})\b")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,8}\b")
_WEB_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
# A title before a capitalised word: "Mr Smith", "Mme Dupont", "Herr Müller".
_TITLED_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Dr|Mme|Mlle|M\.|Madame|Monsieur|Herr|Frau|Dhr|Mevr|Mevrouw|Meneer)"
    r"\.?\s+[A-ZÀ-Ý][\w'\u2019-]+"
)
# Text in quotation marks, four words or more: perhaps the review itself.
_QUOTED = re.compile(r"[\"“”«„]\s*([^\"“”«»„]+?)\s*[\"“”»]")
_QUOTED_WORDS = 4
# Words in a row shared with a text the case holds (the notice's explanation may quote
# the review): this many make a quotation.
_SHARED_WORDS = 6
_WORD = re.compile(r"\w+")


def _numbered(word: str) -> bool:
    return sum(char.isdigit() for char in word) >= 6


def _words(text: str) -> list[str]:
    return [word.casefold() for word in _WORD.findall(text)]


def _shares_words(text: str, source: str) -> bool:
    words, known = _words(text), _words(source)
    runs = {tuple(known[i : i + _SHARED_WORDS]) for i in range(len(known) - _SHARED_WORDS + 1)}
    return any(
        tuple(words[i : i + _SHARED_WORDS]) in runs for i in range(len(words) - _SHARED_WORDS + 1)
    )


def _name_parts(names: Iterable[str]) -> set[str]:
    """The words of known names and of the part of known addresses before the @."""
    parts: set[str] = set()
    for name in names:
        person = name.split("@", 1)[0] if "@" in name else name
        parts |= {word for word in _words(person.replace(".", " ")) if len(word) >= 3}
    return parts


def findings(
    text: str, *, names: Iterable[str] = (), quoted_sources: Iterable[str] = ()
) -> list[Finding]:
    """
    What in `text` looks like personal data, each kind once, in a stable order. `names`
    are names and e-mail addresses the case holds; `quoted_sources` texts it holds that
    may quote the review (a notice's explanation).
    """
    found: set[Finding] = set()
    if _EMAIL.search(text):
        found.add(Finding.EMAIL)
    without_emails = _EMAIL.sub(" ", text)
    without_dates = _DATE.sub(" ", without_emails)
    if (
        _PHONE.search(without_dates)
        or _IBAN.search(without_dates)
        or any(_numbered(word) for word in _NUMBERED_WORD.findall(without_dates))
    ):
        found.add(Finding.NUMBER)
    if _WEB_ADDRESS.search(without_emails):
        found.add(Finding.WEB_ADDRESS)
    if _TITLED_NAME.search(text) or _name_parts(names) & set(_words(without_emails)):
        found.add(Finding.NAME)
    if any(len(_words(quote)) >= _QUOTED_WORDS for quote in _QUOTED.findall(text)) or any(
        _shares_words(text, source) for source in quoted_sources
    ):
        found.add(Finding.QUOTATION)
    return [finding for finding in Finding if finding in found]
