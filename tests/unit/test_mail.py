"""
E-mails the domain decides to send: what an e-mail to an address a sender typed may carry,
and how addresses are counted.
"""

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from portal.domain.cases import LANGUAGES, Case, CaseKind, CaseStatus
from portal.domain.mail import (
    CONFIRMATION_LINK_TEMPLATES,
    Mail,
    Template,
    acknowledgement,
    address_key,
    normalized_address,
)
from portal.mail.render import render

ACKNOWLEDGEMENTS = [
    Template.NOTICE_RECEIVED,
    Template.APPEAL_RECEIVED,
    Template.AUTHORITY_CONFIRM_ADDRESS,
    Template.AUTHORITY_MESSAGE_RECEIVED,
]


def a_case(language: str) -> Case:
    return Case.model_validate(
        {
            "reference": "NT-7KQ4-M2XD",
            "kind": CaseKind.NOTICE,
            "status": CaseStatus.RECEIVED,
            "submission_id": "s-1",
            "received_at": datetime(2026, 11, 22, 10, 0, tzinfo=UTC),
            "language": language,
            "details": {"name": "Cheap pills at pills.example"},
        }
    )


def test_an_email_to_a_typed_address_cannot_carry_text_the_sender_chose() -> None:
    values = {"reference": "NT-7KQ4-M2XD", "received_at": "2026-11-22T10:00:00+00:00"}

    with pytest.raises(ValidationError):
        Mail(
            id="x",
            template=Template.NOTICE_RECEIVED,
            language="en",
            to_address="victim@example.com",
            values={**values, "name": "Cheap pills at pills.example"},
        )
    staff = Mail(id="y", template=Template.STAFF_NEW_CASE, language="en", values={"any": "text"})
    assert staff.values == {"any": "text"}  # staff notifications may carry the sender's text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", ACKNOWLEDGEMENTS)
def test_every_acknowledgement_in_every_language_needs_only_the_reference_and_our_words(
    template: Template, language: str
) -> None:
    mail = acknowledgement(a_case(language), template, "victim@example.com")
    token = "t" * 43 if template in CONFIRMATION_LINK_TEMPLATES else None

    rendered = render(mail, "https://legal.backmarket.example/", token=token)

    assert "NT-7KQ4-M2XD" in rendered.subject
    assert "pills" not in rendered.text + rendered.html
    assert "{" not in rendered.text  # no placeholder left unfilled


def test_addresses_are_counted_lowercase_with_the_domain_in_punycode() -> None:
    assert normalized_address("Bob@Exämple.FR") == "bob@xn--exmple-cua.fr"
    assert address_key("Bob@Exämple.FR") == address_key("bob@xn--exmple-cua.fr")
    assert "bob" not in address_key("bob@example.com")


@pytest.mark.parametrize(
    "spelling",
    ["victim+1@gmail.com", "v.ictim@gmail.com", "Vic.Tim+dsa@googlemail.com", "VICTIM@GMAIL.COM"],
)
def test_spellings_of_one_mailbox_share_its_daily_budget(spelling: str) -> None:
    assert address_key(spelling) == address_key("victim@gmail.com")


def test_dots_count_where_the_provider_keeps_them() -> None:
    assert address_key("jan.peeters@example.be") != address_key("janpeeters@example.be")
