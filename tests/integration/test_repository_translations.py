"""
The repository's own translations: translations may lag (readers then see a notice),
but a translation of the current English version keeps its anchors and links, and no
translation exists without an English page.
"""

from portal.site.config import SiteConfig
from portal.site.translations import check_translations


def test_current_translations_keep_the_english_anchors_and_links(site: SiteConfig) -> None:
    reports = check_translations(site)

    outdated = {(r.lang, o.path) for r in reports for o in r.outdated}
    broken = [
        (r.lang, s.path, s.missing, s.unexpected)
        for r in reports
        for s in r.structure
        if (r.lang, s.path) not in outdated
    ]
    assert broken == []


def test_no_translation_lacks_its_english_source(site: SiteConfig) -> None:
    assert [(r.lang, r.orphans) for r in check_translations(site) if r.orphans] == []
