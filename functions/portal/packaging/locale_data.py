"""
Babel's locale data cut down to the locales the portal formats with. Babel ships CLDR data
for about a thousand locales (32 MB, most of an artifact); the portal needs a handful.
"""

from collections.abc import Iterable
from pathlib import Path

from babel.core import get_global

from portal.i18n import babel_locale

# portal.domain.notices lists the countries from English data, whatever the languages.
_ALWAYS = ("en",)


def portal_locales(languages: Iterable[str]) -> set[str]:
    """The babel locales of the portal's languages (`en` formats as `en_IE`), and English."""
    return {babel_locale(lang) for lang in languages} | set(_ALWAYS)


def parent_locale(name: str) -> str:
    """
    The locale whose data `name` inherits, as babel.localedata.load finds it: CLDR's
    parent exceptions first (`en_IE` -> `en_001`), else the name without its last part.

    Babel sends a locale in an unusual script straight to `root` (`sr_Latn`); keeping
    `sr` as well for it only keeps a file too many.
    """
    exception: str | None = get_global("parent_exceptions").get(name)
    if exception:
        return exception
    head, _, _ = name.rpartition("_")
    return head or "root"


def with_parents(locales: Iterable[str]) -> set[str]:
    """The locales and every locale they inherit from, down to `root`."""
    kept = {"root"}
    for locale in locales:
        while locale not in kept:
            kept.add(locale)
            locale = parent_locale(locale)
    return kept


def trim_locale_data(babel_dir: Path, keep: set[str]) -> list[str]:
    """
    Removes the data of every locale not kept from an installed babel; returns what is left.
    Fails when a kept locale has no data, rather than leave a language unformattable.
    """
    data_dir = babel_dir / "locale-data"
    available = {path.stem for path in data_dir.glob("*.dat")}
    missing = keep - available
    if missing:
        raise ValueError(f"babel has no locale data for {', '.join(sorted(missing))}")
    for name in available - keep:
        (data_dir / f"{name}.dat").unlink()
    return sorted(keep)
