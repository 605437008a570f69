"""
The trimmed theme stylesheet still styles everything the built pages contain.
"""

import re
from pathlib import Path

from portal.domain.cases import LANGUAGES
from portal.site.stylesheet import is_unused_class


def test_no_built_page_uses_a_class_whose_styles_were_trimmed(built_site: Path) -> None:
    used = {
        name
        for path in built_site.rglob("*.html")
        for value in re.findall(r'class="([^"]*)"', path.read_text("utf-8"))
        for name in value.split()
    }

    assert sorted(name for name in used if is_unused_class(name)) == []


def test_each_language_ships_the_trimmed_stylesheet(built_site: Path) -> None:
    for lang in LANGUAGES:
        [css] = (built_site / lang / "assets/stylesheets").glob("main.*.min.css")
        text = css.read_text("utf-8")
        assert ".md-header" in text
        assert ".md-search-result__more>summary" in text
        assert ".md-tooltip" not in text
        assert "--md-admonition-icon--bug" not in text
