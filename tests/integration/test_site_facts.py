"""
Every fact of FACTS.md that is a number, an address, a domain or a date appears on its
page in every language, formatted for that language.
"""

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from portal.domain.cases import LANGUAGES
from portal.site import formatting
from tests.sitetools import article_text, current_pages, page_url, parse

Fact = Callable[[str], str]


def text(value: str) -> Fact:
    return lambda lang: value


def number(value: int | float) -> Fact:
    return lambda lang: formatting.number(value, lang)


def day(value: date) -> Fact:
    return lambda lang: formatting.long_date(value, lang)


def month(value: str) -> Fact:
    return lambda lang: formatting.month(value, lang)


def compact(value: int) -> Fact:
    return lambda lang: formatting.compact(value, lang)


def words(**by_lang: str) -> Fact:
    return lambda lang: by_lang[lang]


# Facts worded per language.
SIX_MONTHS = words(en="six months", fr="six mois", nl="zes maanden", de="sechs Monate", es="seis meses", it="sei mesi")  # fmt: skip
DIRECTIVE_2011_83 = words(en="2011/83/EU", fr="2011/83/UE", nl="2011/83/EU", de="2011/83/EU", es="2011/83/UE", it="2011/83/UE")  # fmt: skip
BEFORE_8_AM = words(en="before 8 am", fr="avant 8 h", nl="vóór 8.00 uur", de="vor 8 Uhr", es="antes de las 8:00", it="prima delle 8")  # fmt: skip

FACTS: dict[str, list[Fact]] = {
    "index.md": [text("JUNG S.A.S."), text("Back Market")],
    "platform/how-it-works.md": [
        text("JUNG S.A.S."),
        text("backmarket.fr"),
        text("backmarket.nl"),
        text("backmarket.co.uk"),
        text("BuyBack"),
    ],
    # The highest fee only as the source gives it: no per-site amounts (see test_site_corrections).
    "platform/quality-assurance-fee.md": [
        number(3.99),
        number(3),
        number(130),
        number(150),
        month("2021-10"),
        number(42000),
        text("EcoVadis"),
        text("BuyBack"),
        text("qualitybmfee@backmarket.com"),
    ],
    "platform/sellers.md": [text("JUNG S.A.S.")],
    "platform/ranking.md": [text("Best Seller"), number(30)],
    "reviews/index.md": [
        number(1),
        number(5),
        number(7),
        number(10),
        number(30),
        text("legal@backmarket.com"),
    ],
    "reviews/report.md": [number(16), text("legal@backmarket.com")],
    "reviews/appeal.md": [
        SIX_MONTHS,
        text("legal@backmarket.com"),
    ],
    "orders/returns.md": [
        number(14),
        DIRECTIVE_2011_83,
        number(30),
        BEFORE_8_AM,
    ],
    "orders/warranty-returns-business.md": [
        text("Back Market Pro"),
        text("IMEI"),
        number(3),
        number(2),
        number(5),
        number(10),
    ],
    "authorities/index.md": [number(11), text("authorities@backmarket.com")],
    "authorities/contact.md": [text("authorities@backmarket.com")],
    "transparency/active-recipients.md": [
        compact(45_000_000),
        day(date(2023, 6, 30)),
        day(date(2023, 12, 31)),
        day(date(2025, 6, 30)),
        day(date(2025, 12, 31)),
        month("2022-11"),
        number(24),
    ],
    "transparency/disputes.md": [number(21), text("JUNG S.A.S.")],
    "contact/index.md": [number(12), text("JUNG S.A.S."), text("legal@backmarket.com")],
    "legal/notice.md": [
        text("JUNG S.A.S."),
        text("Back Market"),
        text("backmarket.fr"),
        text("legal@backmarket.com"),
    ],
    # The report of April 2025, listed as the previous one (docs/transparency-reports.yml).
    "transparency/reports.md": [
        day(date(2024, 1, 1)),
        day(date(2024, 12, 31)),
        day(date(2025, 4, 30)),
        text("JUNG S.A.S."),
        text("2024/2835"),
    ],
}


def contains(haystack: str, needle: str) -> bool:
    """A number must stand on its own: `3` does not match inside `30` or `3.99`."""
    needle = " ".join(needle.split())  # as the page text: no-break spaces become spaces
    if re.fullmatch(r"[\d.,\s\u202f\xa0]+", needle):
        return re.search(rf"(?<![\d.,]){re.escape(needle)}(?![\d]|[.,]\d)", haystack) is not None
    return needle.lower() in haystack.lower()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("src", sorted(FACTS))
def test_each_fact_appears_on_its_page_in_every_language(
    built_site: Path, lang: str, src: str
) -> None:
    page = article_text(built_site / lang / page_url(src) / "index.html")

    missing = [fact(lang) for fact in FACTS[src] if not contains(page, fact(lang))]

    assert missing == [], f"{lang}/{src} lacks {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_disputes_point_to_the_commission_lists_and_never_to_the_closed_odr_platform(
    built_site: Path, lang: str
) -> None:
    page = parse(built_site / lang / "transparency/disputes/index.html")
    hrefs = {a.get("href", "") for a in page.find("a")}

    assert "https://consumer-redress.ec.europa.eu/dispute-resolution-bodies_en" in hrefs
    assert (
        "https://digital-strategy.ec.europa.eu/en/policies/dsa-out-court-dispute-settlement"
        in hrefs
    )


def test_no_page_points_to_the_closed_odr_platform(built_site: Path) -> None:
    assert not [
        p for p in current_pages(built_site) if "ec.europa.eu/consumers/odr" in p.read_text("utf-8")
    ]


def test_facts_come_from_the_data_file_not_from_the_pages() -> None:
    from tests.conftest import REPO

    repeated = [
        path
        for path in (REPO / "docs").rglob("*.md")
        for fact in ("@backmarket.com", "3.99", "3,99", "backmarket.fr", "42,000", "42.000")
        if fact in path.read_text("utf-8")
    ]

    assert repeated == []


FLAWS = ("S.A.S..", "{{", "}}", "{%", "%}")


def test_no_page_shows_a_doubled_full_stop_or_raw_template_syntax(built_site: Path) -> None:
    flawed = []
    for path in built_site.rglob("*.html"):
        text = article_text(path)  # once per page: parsing is the cost, not the five checks
        flawed += [str(path.relative_to(built_site)) for flaw in FLAWS if flaw in text]

    assert flawed == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_reports_page_links_the_april_2025_report(built_site: Path, lang: str) -> None:
    page = parse(built_site / lang / "transparency/reports/index.html")
    hrefs = {a.get("href", "") for a in page.find("a")}

    assert any(href.endswith("/Transparency_Report_04.2025.pdf") for href in hrefs)
