"""
Every shown string is translated in every language's catalog, placeholders intact.
"""

import re

import pytest
from babel.messages.pofile import read_po

from portal.domain.cases import LANGUAGES
from portal.i18n import available_languages, locales_dir, translations

PLACEHOLDER = re.compile(r"%\((\w+)\)s|\{(\w+)\}")


def as_texts(value: object) -> list[str]:
    """A message's id or string: one text, or a tuple of plural forms."""
    return [str(text) for text in value] if isinstance(value, tuple) else [str(value)]


def test_the_site_languages_each_have_a_catalog() -> None:
    assert sorted(available_languages()) == sorted(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_every_message_is_translated_with_the_same_placeholders(lang: str) -> None:
    with (locales_dir() / lang / "LC_MESSAGES" / "portal.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    template_ids = {
        message.id for message in read_po((locales_dir() / "portal.pot").open("rb")) if message.id
    }

    messages = [message for message in catalog if message.id]

    assert {message.id for message in messages} == template_ids, "run make locales-extract"
    for message in messages:
        assert message.string, f"{lang}: untranslated {message.id!r}"
        assert "fuzzy" not in message.flags, f"{lang}: fuzzy {message.id!r}"
        expected = {m for text in as_texts(message.id) for m in PLACEHOLDER.findall(text)}
        found = {m for text in as_texts(message.string) for m in PLACEHOLDER.findall(text)}
        assert found == expected, f"{lang}: placeholders differ in {message.id!r}"


def test_a_language_catalog_translates_shown_strings() -> None:
    assert translations("de").gettext("Last updated") == "Zuletzt aktualisiert"
