"""
The personal-data scanner for text the Transparency Database publishes: what it finds,
and the legal references it must let through.
"""

import pytest

from portal.domain.personal_data import Finding, findings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write to jane.doe@example.com for details.", [Finding.EMAIL]),
        ("The buyer of order 48213377 complained.", [Finding.NUMBER]),
        ("Order BM-1234567 was refunded.", [Finding.NUMBER]),
        ("Call 06 12 34 56 78 or +31 20 123 4567.", [Finding.NUMBER]),
        ("IBAN FR76 3000 6000 0112 3456 7890 189 was given.", [Finding.NUMBER]),
        ("See https://www.backmarket.fr/fr-fr/r/123 for the review.", [Finding.WEB_ADDRESS]),
        ("See www.example.com for the review.", [Finding.WEB_ADDRESS]),
        ("Mme Dupont reported it; Herr Müller agreed.", [Finding.NAME]),
        ('It said "this phone is a total scam from a crook".', [Finding.QUOTATION]),
        ("It said « ce vendeur est un escroc notoire » in French.", [Finding.QUOTATION]),
    ],
)
def test_what_is_found(text: str, expected: list[Finding]) -> None:
    assert findings(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Code de la consommation, art. L121-1 and L. 121-2.",
        "Regulation (EU) 2022/2065, Art. 16(6) and Art. 17(3)(d).",
        "Loi du 29 juillet 1881 sur la liberté de la presse, art. 29.",
        "Published on 2026-10-01, removed on 22/11/2026.",
        "Case NT-7KQ4-M2XD, review 3 of 20.",
        'The review breaks the "off topic" criterion.',
        "Marketplace review rules, moderation criteria: off_topic, advertising",
    ],
)
def test_legal_references_dates_and_short_quotes_pass(text: str) -> None:
    assert findings(text) == []


def test_names_the_case_knows_are_found_in_any_case() -> None:
    known = ["Claire Martin", "j.dubois@example.fr"]

    assert findings("As MARTIN explained", names=known) == [Finding.NAME]
    assert findings("dubois wrote it", names=known) == [Finding.NAME]
    assert findings("The martingale strategy", names=known) == []


def test_six_words_in_a_row_from_the_notice_are_a_quotation() -> None:
    notice = "The review says the courier was rude to me at the door yesterday."

    assert findings(
        "It reports the courier was rude to me at the door.", quoted_sources=[notice]
    ) == [Finding.QUOTATION]
    assert findings("It reports the courier was rude.", quoted_sources=[notice]) == []
