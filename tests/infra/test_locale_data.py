"""
Which of babel's locale data the artifacts keep: the portal's locales and their parents.
"""

import pickle
from pathlib import Path

from babel.localedata import load

from portal.packaging.locale_data import (
    UNUSED_KEYS,
    portal_locales,
    trim_locale_data,
    with_parents,
)
from portal.site.config import load_site_config
from tests.conftest import CONFIG_FILE


def test_the_site_languages_keep_their_locales_and_parents() -> None:
    languages = load_site_config(CONFIG_FILE).languages

    kept = with_parents(portal_locales(languages))

    assert kept == {"root", "en", "en_001", "en_IE", "fr", "nl", "de", "es", "it"}


def test_a_new_language_keeps_its_data() -> None:
    kept = with_parents(portal_locales(["en", "fr", "pt"]))

    assert {"pt", "en_IE", "root"} <= kept


def test_a_regional_locale_keeps_what_cldr_says_it_inherits() -> None:
    kept = with_parents({"es_MX"})

    assert kept == {"es_MX", "es_419", "es", "root"}


def test_trimming_drops_other_locales_and_the_data_the_functions_never_read(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "babel" / "locale-data"
    data_dir.mkdir(parents=True)
    for name in ("root", "fr", "pt"):
        data = {"months": {name: 1}, "unit_patterns": {"x": 1}, "currency_names": {"EUR": "€"}}
        (data_dir / f"{name}.dat").write_bytes(pickle.dumps(data))

    shared = tmp_path / "cache-fr.dat"  # a hard link into a package cache, as uv installs
    shared.hardlink_to(data_dir / "fr.dat")
    before = shared.read_bytes()

    kept = trim_locale_data(tmp_path / "babel", {"root", "fr"})

    assert kept == ["fr", "root"]
    assert sorted(path.name for path in data_dir.iterdir()) == ["fr.dat", "root.dat"]
    assert pickle.loads((data_dir / "fr.dat").read_bytes()) == {"months": {"fr": 1}}  # noqa: S301 - written above
    assert set(UNUSED_KEYS) >= {"unit_patterns", "currency_names"}
    assert shared.read_bytes() == before  # the cache's copy is left as it was


def test_the_data_kept_still_formats_dates_time_zones_and_countries() -> None:
    kept_keys = set(load("fr")) - set(UNUSED_KEYS)

    assert {"months", "days", "date_formats", "time_zones", "meta_zones", "territories"} <= (
        kept_keys
    )
