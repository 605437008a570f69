"""
Gettext catalogs from locales/: every string that code or templates show a person.
"""

import gettext
import io
from functools import cache
from pathlib import Path

DOMAIN = "portal"  # the gettext domain: locales/<lang>/LC_MESSAGES/portal.po
SOURCE_LANGUAGE = "en"
# English for readers in the EU: day before month (`30 June 2023`), as EUR-Lex writes it.
_BABEL_LOCALES = {"en": "en_IE"}


def babel_locale(lang: str) -> str:
    """The babel locale that formats dates, numbers and money for a portal language."""
    return _BABEL_LOCALES.get(lang, lang)


def locales_dir() -> Path:
    """
    Where the catalogs are: beside the package in a deployment artifact, else in the repository.
    """
    packaged = Path(__file__).resolve().parent / "locales"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "locales"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """
    The catalog of a language; English, the language of the msgids, needs none.

    A compiled `.mo` is preferred; without one (a fresh clone before `make locales`)
    the `.po` is compiled in memory, so a missing build step never shows English silently.
    """
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    folder = locales_dir() / lang / "LC_MESSAGES"
    mo = folder / f"{DOMAIN}.mo"
    po = folder / f"{DOMAIN}.po"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if po.is_file():
        # Only without a compiled catalog: never in a deployment artifact, whose cold
        # start would pay ~30 ms for babel's catalog tools.
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=DOMAIN)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)
    raise LookupError(f"no gettext catalog for language {lang!r} in {folder}")


def available_languages() -> list[str]:
    """The source language and every language with a catalog."""
    found = sorted(p.parent.parent.name for p in locales_dir().glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return [SOURCE_LANGUAGE, *[lang for lang in found if lang != SOURCE_LANGUAGE]]


# The official languages of the Union: what an authority may write in.
EU_LANGUAGES = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
    "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
)  # fmt: skip


def member_states(lang: str) -> list[tuple[str, str]]:
    """The Member States by name in the language, for the forms' lists."""
    from babel import Locale  # on first use: the API's cold start needs no babel

    from portal.domain.member_states import MEMBER_STATES

    names = Locale.parse(babel_locale(lang)).territories
    return sorted(((code, str(names[code])) for code in MEMBER_STATES), key=lambda item: item[1])


def eu_languages(lang: str) -> list[tuple[str, str]]:
    """The official languages of the Union by name in the language."""
    from babel import Locale

    names = Locale.parse(babel_locale(lang)).languages
    return sorted(
        ((code, str(names[code])) for code in EU_LANGUAGES), key=lambda item: item[1].lower()
    )
