"""
Which of babel's locale data the artifacts keep: the portal's locales and their parents.
"""

from portal.packaging.locale_data import portal_locales, with_parents
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
