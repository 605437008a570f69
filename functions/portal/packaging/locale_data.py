"""
Babel's locale data cut down to the locales the portal formats with. Babel ships CLDR data
for about a thousand locales (32 MB, most of an artifact); the portal needs a handful.
"""

import pickle
from collections.abc import Iterable
from pathlib import Path

from babel.core import get_global

from portal.i18n import babel_locale

# CLDR data the functions never read: they format dates, times, time zones and country
# names, never units, currencies, scripts or variants. Half of each locale's file, and what
# took the API's zip over 5 MB when Spanish and Italian came (checked by
# tests/infra/test_handler_imports.py, which formats from the artifact).
UNUSED_KEYS = (
    "unit_patterns",
    "unit_display_names",
    "currency_names",
    "currency_names_plural",
    "currency_symbols",
    "compact_currency_formats",
    "scripts",
    "variants",
)
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
    Removes the data of every locale not kept from an installed babel, and the keys the
    functions never read from the others; returns what is left.
    Fails when a kept locale has no data, rather than leave a language unformattable.
    """
    data_dir = babel_dir / "locale-data"
    available = {path.stem for path in data_dir.glob("*.dat")}
    missing = keep - available
    if missing:
        raise ValueError(f"babel has no locale data for {', '.join(sorted(missing))}")
    for name in available - keep:
        (data_dir / f"{name}.dat").unlink()
    for name in keep:
        path = data_dir / f"{name}.dat"
        data = pickle.loads(path.read_bytes())  # noqa: S301 - babel's own installed data
        kept = {key: value for key, value in data.items() if key not in UNUSED_KEYS}
        # A new file, then renamed: the installed one may be a hard link into uv's cache,
        # which writing in place would change for every environment that shares it.
        trimmed = path.with_suffix(".trimmed")
        trimmed.write_bytes(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
        trimmed.replace(path)
    return sorted(keep)
