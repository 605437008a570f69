"""
The confirmation reminder as the authority reads it: in its language, our words and the
reference only, and the confirmation link with the token the mail worker made.
"""

from datetime import UTC, datetime

import pytest

from portal.domain.cases import LANGUAGES, Language
from portal.domain.mail import Mail, StaffRole, Template
from portal.mail.render import render

SITE = "https://legal.backmarket.example/"


def reminder(language: Language) -> Mail:
    return Mail(
        id="AU-7KQ4-M2XD/authority_confirm_reminder",
        case_reference="AU-7KQ4-M2XD",
        template=Template.AUTHORITY_CONFIRM_REMINDER,
        language=language,
        to_address="dsa@cnam.example.ie",
        values={
            "reference": "AU-7KQ4-M2XD",
            "received_at": datetime(2026, 11, 20, 9, 0, tzinfo=UTC).isoformat(),
        },
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_reminder_is_translated_and_carries_the_reference(language: Language) -> None:
    english = render(reminder("en"), SITE, token="t0k3n")

    rendered = render(reminder(language), SITE, token="t0k3n")

    assert "AU-7KQ4-M2XD" in rendered.subject
    assert (rendered.subject == english.subject) is (language == "en")
    assert "AU-7KQ4-M2XD" in rendered.text


def test_the_reminder_links_to_the_confirmation_page_with_the_token() -> None:
    rendered = render(reminder("fr"), SITE, token="t0k3n")

    assert f"{SITE}fr/authorities/confirm/#reference=AU-7KQ4-M2XD&amp;token=t0k3n" in rendered.html


def test_the_reminder_is_never_rendered_without_a_link() -> None:
    with pytest.raises(ValueError, match="token"):
        render(reminder("fr"), SITE)


def test_staff_read_an_unverified_authority_message_in_plain_words() -> None:
    staff = Mail(
        id="AU-7KQ4-M2XD/staff_new_case",
        case_reference="AU-7KQ4-M2XD",
        template=Template.STAFF_NEW_CASE,
        language="en",
        to_staff=StaffRole.LEGAL,
        values={
            "reference": "AU-7KQ4-M2XD",
            "kind": "authority_message",
            "received_at": datetime(2026, 11, 20, 9, 0, tzinfo=UTC).isoformat(),
            "translation_needed": "no",
            "unverified": "yes",
        },
    )

    rendered = render(staff, SITE)

    assert rendered.subject == "[portal] New authority message AU-7KQ4-M2XD (unverified)"
    assert "UNVERIFIED" in rendered.text
