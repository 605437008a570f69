"""
The active-recipients page shows what `portal recipients publish` adds to
docs/active-recipients.yml: the newest computed figure on top, in each language's
number format, and the earlier statements in the table below it.
"""

from datetime import date
from pathlib import Path

import pytest

from portal.domain.cases import LANGUAGES
from portal.site import formatting
from portal.site.build import BuildError, build_site
from tests.edited_site import first_half_2026
from tests.sitetools import copy_project, parse

PAGE = "transparency/active-recipients/index.html"

BELOW_THRESHOLD = {
    "en": "This is below the threshold of",
    "fr": "Ce chiffre est inférieur au seuil de",
    "nl": "Dit ligt onder de drempel van",
    "de": "Damit liegt die Zahl unter dem Schwellenwert von",
    "it": "Questo dato è inferiore alla soglia di",
    "es": "Esta cifra está por debajo del umbral de",
}
EARLIER_HEADING = {
    "en": "Earlier publications",
    "fr": "Publications antérieures",
    "nl": "Eerdere publicaties",
    "de": "Frühere Veröffentlichungen",
    "it": "Pubblicazioni precedenti",
    "es": "Publicaciones anteriores",
}
EARLIER_STATEMENT = {
    "en": "Well below",
    "fr": "Bien inférieur à",
    "nl": "Ruim onder",
    "de": "Deutlich unter",
    "it": "Ben al di sotto di",
    "es": "Muy por debajo de",
}


def words(value: str) -> str:
    """Collapse spaces the way PageParser.text does (babel uses narrow no-break spaces)."""
    return " ".join(value.split())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


@pytest.fixture
def published_site(edited_site: Path) -> Path:
    """The repository's site, every language, with `first_half_2026` published (tests/edited_site.py)."""
    return edited_site


def test_a_published_record_becomes_the_latest_figure_in_every_language(
    published_site: Path,
) -> None:
    record = first_half_2026()

    for lang in LANGUAGES:
        text = parse(published_site / lang / PAGE).text
        latest, _, earlier = text.partition(EARLIER_HEADING[lang])
        figure = words(formatting.number(record.average_monthly_active_recipients, lang))
        assert figure in latest, (lang, figure)
        assert words(formatting.long_date(date(2026, 1, 1), lang)) in latest
        assert words(formatting.long_date(date(2026, 6, 30), lang)) in latest
        assert BELOW_THRESHOLD[lang] in latest
        assert words(formatting.number(45_000_000, lang)) in latest
        assert words(formatting.long_date(date(2026, 7, 2), lang)) in latest
        assert record.method_version in latest
        # The statement that was newest moves to the table of earlier publications.
        assert EARLIER_STATEMENT[lang] not in latest
        assert earlier.count(EARLIER_STATEMENT[lang]) == 2
        assert words(formatting.long_date(date(2025, 12, 31), lang)) in earlier
        assert words(formatting.long_date(date(2023, 12, 31), lang)) in earlier


def test_the_figure_uses_each_languages_digit_grouping(published_site: Path) -> None:
    # (1,200,000 + 1,250,000 + 1,234,567 + 1,300,000 + 1,310,001 + 1,290,000) / 6, halves up.
    expected = {
        "en": "1,264,095",
        "fr": "1 264 095",
        "nl": "1.264.095",
        "de": "1.264.095",
        "es": "1.264.095",
        "it": "1.264.095",
    }
    for lang, figure in expected.items():
        assert f"**{figure}**" not in parse(published_site / lang / PAGE).text
        html = (published_site / lang / PAGE).read_text(encoding="utf-8")
        assert words(f"<strong>{figure}</strong>") in words(html), lang


def test_an_invalid_publications_file_stops_the_build_and_names_the_file(project: Path) -> None:
    data = project / "docs/active-recipients.yml"
    data.write_text(
        data.read_text(encoding="utf-8").replace(
            "  statement: well_below_threshold", "  statement: well_below", 1
        ),
        encoding="utf-8",
    )

    with pytest.raises(BuildError, match=r"active-recipients.yml"):
        build_site(project / "mkdocs.yml", project / "out", ["en"])
