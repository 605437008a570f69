"""
Messages from authorities: languages, product-safety routing, and the one-time link that
confirms the sender's address.
"""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from portal.domain.authority_messages import (
    AuthorityMessage,
    confirm_address,
    confirmation_reminder,
    new_confirmation_token,
    submit_authority_message,
)
from portal.domain.cases import CaseStatus, Routing, expires_at
from portal.domain.errors import ConfirmationFailed
from portal.domain.intake import Intake
from portal.domain.mail import StaffRole, Template
from tests.fakes import FakeCaseStore, FakeUploads

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def message(**changes: Any) -> AuthorityMessage:
    data: dict[str, Any] = {
        "submission_id": str(uuid.uuid4()),
        "language": "en",
        "authority_type": "digital_services_coordinator",
        "member_state": "IE",
        "authority_name": "Coimisiún na Meán",
        "official_email": "dsa@cnam.example.ie",
        "authority_reference": "CNAM-2026-77",
        "legal_basis": "information_order",
        "subject": "Request for information",
        "message": "Please provide the number of notices received in 2026.",
        "message_language": "en",
    }
    data.update(changes)
    return AuthorityMessage.model_validate(data)


def submitted(store: FakeCaseStore, **changes: Any) -> tuple[str, str]:
    case = submit_authority_message(
        message(**changes).model_dump(mode="json"),
        spam=False,
        intake=Intake(store, FakeUploads(), clock=lambda: NOW),
    )
    token, token_hash = new_confirmation_token()  # as the mail worker does when it sends
    assert store.add_confirmation_token(case.reference, token_hash)
    return case.reference, token


def test_a_message_waits_for_its_sender_to_confirm_the_address() -> None:
    store = FakeCaseStore()

    reference, token = submitted(store)

    case = store.get(reference)
    assert case is not None and case.status is CaseStatus.AWAITING_CONFIRMATION
    [link] = [m for m in store.outbox if m.to_address]
    assert (link.template, link.to_address) == (
        Template.AUTHORITY_CONFIRM_ADDRESS,
        "dsa@cnam.example.ie",
    )
    assert "token" not in link.values
    assert case.confirmation is not None and token not in case.confirmation.token_hashes


def test_the_link_verifies_the_message_once_and_reaches_the_team() -> None:
    store = FakeCaseStore()
    reference, token = submitted(store)

    confirmed = confirm_address(reference, token, now=NOW + timedelta(hours=2), store=store)
    again = confirm_address(reference, token, now=NOW + timedelta(hours=3), store=store)

    assert confirmed.status is CaseStatus.RECEIVED
    assert again.confirmed_at == confirmed.confirmed_at
    templates = [mail.template for mail in store.outbox]
    assert templates == [
        Template.AUTHORITY_CONFIRM_ADDRESS,
        Template.STAFF_NEW_CASE,
        Template.AUTHORITY_MESSAGE_RECEIVED,
    ]


def test_staff_see_an_unconfirmed_message_at_once_marked_unverified() -> None:
    store = FakeCaseStore()

    reference, _ = submitted(store)

    [staff] = [mail for mail in store.outbox if mail.to_staff is not None]
    assert (staff.template, staff.to_staff) == (Template.STAFF_NEW_CASE, StaffRole.LEGAL)
    assert staff.values["reference"] == reference
    assert staff.values["unverified"] == "yes"


def test_an_unconfirmed_message_is_kept_until_staff_decide() -> None:
    store = FakeCaseStore()
    reference, token = submitted(store)
    waiting = store.get(reference)
    assert waiting is not None

    confirmed = confirm_address(reference, token, now=NOW, store=store)

    assert expires_at(waiting) is None
    assert expires_at(waiting.model_copy(update={"status": CaseStatus.SPAM})) is not None
    assert expires_at(confirmed) == NOW + timedelta(days=5 * 365)


def test_the_reminder_carries_only_the_reference_and_goes_to_the_official_address() -> None:
    store = FakeCaseStore()
    reference, _ = submitted(store, authority_name="Evil <a href=x>Corp</a>")
    case = store.get(reference)
    assert case is not None

    reminder = confirmation_reminder(case)

    assert reminder.template is Template.AUTHORITY_CONFIRM_REMINDER
    assert reminder.to_address == "dsa@cnam.example.ie"
    assert reminder.values["reference"] == reference
    assert "Evil" not in str(reminder.values) and "token" not in reminder.values
    assert reminder.id != store.outbox[0].id


def test_a_wrong_or_expired_link_confirms_nothing() -> None:
    store = FakeCaseStore()
    reference, token = submitted(store)

    with pytest.raises(ConfirmationFailed) as wrong:
        confirm_address(reference, token + "x", now=NOW, store=store)
    with pytest.raises(ConfirmationFailed) as expired:
        confirm_address(reference, token, now=NOW + timedelta(days=8), store=store)

    assert (wrong.value.code, expired.value.code) == (
        "confirmation_invalid",
        "confirmation_expired",
    )
    case = store.get(reference)
    assert case is not None and case.status is CaseStatus.AWAITING_CONFIRMATION


def test_product_safety_goes_to_its_own_team() -> None:
    store = FakeCaseStore()
    reference, token = submitted(
        store, authority_type="market_surveillance_authority", legal_basis="product_safety"
    )

    confirm_address(reference, token, now=NOW, store=store)

    case = store.get(reference)
    assert case is not None and case.routing is Routing.PRODUCT_SAFETY
    [staff] = [mail for mail in store.outbox if mail.to_staff is not None]
    assert staff.to_staff is StaffRole.PRODUCT_SAFETY


def test_a_message_in_another_language_is_accepted_and_flagged_for_translation() -> None:
    store = FakeCaseStore()
    for language, needs in (("en", False), ("fr", False), ("de", True), ("pl", True)):
        reference, _ = submitted(store, message_language=language)
        case = store.get(reference)
        assert case is not None and case.translation_needed is needs


def test_the_acknowledgement_follows_the_message_language_when_the_portal_has_it() -> None:
    store = FakeCaseStore()
    submitted(store, message_language="fr", language="en")
    submitted(store, message_language="pl", language="de")

    assert [mail.language for mail in store.outbox if mail.to_address] == ["fr", "de"]


def test_a_member_state_is_needed_except_for_eu_bodies() -> None:
    with pytest.raises(ValidationError, match="member_state_required"):
        message(member_state=None)
    with pytest.raises(ValidationError, match="member_state_unknown"):
        message(member_state="CH")
    assert message(member_state=None, authority_type="european_commission").member_state is None
    assert message(member_state="EL").member_state == "GR"


def member_state_errors(**changes: Any) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as raised:
        message(**changes)
    return [(".".join(map(str, e["loc"])), e["type"]) for e in raised.value.errors()]


@pytest.mark.parametrize(
    "authority_type", ["european_commission", "european_board_for_digital_services"]
)
def test_a_member_state_is_refused_for_the_unions_own_bodies_on_that_field(
    authority_type: str,
) -> None:
    assert member_state_errors(authority_type=authority_type, member_state="FR") == [
        ("member_state", "member_state_not_applicable")
    ]


def test_a_national_authority_without_a_member_state_is_told_on_that_field() -> None:
    data = {"authority_type": "market_surveillance_authority"}

    assert member_state_errors(**data, member_state=None) == [
        ("member_state", "member_state_required")
    ]
    assert message(**data, member_state="el").member_state == "GR"
