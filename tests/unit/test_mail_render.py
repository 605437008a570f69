"""
The confirmation reminder as the authority reads it: in its language, our words and the
reference only, and the confirmation link once the mail worker has added a token.
"""

from datetime import UTC, datetime

import pytest

from portal.domain.cases import LANGUAGES, Language
from portal.domain.mail import Mail, Template
from portal.mail.render import render

SITE = "https://legal.backmarket.example/"


def reminder(language: Language, **values: str) -> Mail:
    return Mail(
        id="AU-7KQ4-M2XD/authority_confirm_reminder",
        case_reference="AU-7KQ4-M2XD",
        template=Template.AUTHORITY_CONFIRM_REMINDER,
        language=language,
        to_address="dsa@cnam.example.ie",
        values={
            "reference": "AU-7KQ4-M2XD",
            "name": "",
            "received_at": datetime(2026, 11, 20, 9, 0, tzinfo=UTC).isoformat(),
            **values,
        },
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_reminder_is_translated_and_carries_the_reference(language: Language) -> None:
    english = render(reminder("en"), SITE)

    rendered = render(reminder(language), SITE)

    assert "AU-7KQ4-M2XD" in rendered.subject
    assert (rendered.subject == english.subject) is (language == "en")
    assert "AU-7KQ4-M2XD" in rendered.text


def test_the_reminder_links_to_the_confirmation_page_once_a_token_is_given() -> None:
    without = render(reminder("fr"), SITE)
    with_token = render(reminder("fr", token="t0k3n"), SITE)

    assert "/authorities/confirm/" not in without.html
    assert (
        f"{SITE}fr/authorities/confirm/#reference=AU-7KQ4-M2XD&amp;token=t0k3n" in with_token.html
    )
