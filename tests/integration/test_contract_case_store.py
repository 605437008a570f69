"""
The case store's claims on submission IDs, run against the DynamoDB adapter under moto and
against the fake the unit tests use, so that the fake cannot drift from the real rule.
"""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from portal.adapters.cases import DynamoCaseStore
from portal.domain.cases import Case, CaseKind, CaseStatus, Confirmation, expires_at
from portal.domain.errors import SubmissionIdReused
from portal.domain.references import new_reference
from tests.fakes import FakeCaseStore
from tests.integration.harness import LocalPortal

RECEIVED_AT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


@pytest.fixture(params=["dynamodb", "fake"])
def store(request: pytest.FixtureRequest) -> DynamoCaseStore | FakeCaseStore:
    if request.param == "fake":
        return FakeCaseStore()
    portal: LocalPortal = request.getfixturevalue("portal")
    return DynamoCaseStore(portal.table)


def case(kind: CaseKind, submission_id: str, fingerprint: str, **changes: Any) -> Case:
    prefix = {CaseKind.NOTICE: "NT", CaseKind.APPEAL: "AP", CaseKind.AUTHORITY_MESSAGE: "AU"}
    fields: dict[str, Any] = {
        "reference": new_reference(prefix[kind]),
        "kind": kind,
        "status": CaseStatus.RECEIVED,
        "submission_id": submission_id,
        "fingerprint": fingerprint,
        "received_at": RECEIVED_AT,
        "language": "en",
        "details": {"explanation": "distinctive content"},
        **changes,
    }
    return Case(**fields)


def test_the_same_submission_again_gets_the_stored_case(
    store: DynamoCaseStore | FakeCaseStore,
) -> None:
    submission_id = str(uuid.uuid4())
    first = store.add(case(CaseKind.NOTICE, submission_id, "f1"), [])

    again = store.add(case(CaseKind.NOTICE, submission_id, "f1"), [])

    assert again == first


def test_a_submission_id_of_another_form_opens_its_own_case(
    store: DynamoCaseStore | FakeCaseStore,
) -> None:
    submission_id = str(uuid.uuid4())
    notice = store.add(case(CaseKind.NOTICE, submission_id, "same"), [])

    message = store.add(case(CaseKind.AUTHORITY_MESSAGE, submission_id, "same"), [])

    assert message.reference != notice.reference
    assert message.kind is CaseKind.AUTHORITY_MESSAGE
    assert store.get(notice.reference) == notice
    assert store.get(message.reference) == message


def test_other_content_under_a_claimed_submission_id_is_refused(
    store: DynamoCaseStore | FakeCaseStore,
) -> None:
    submission_id = str(uuid.uuid4())
    first = store.add(case(CaseKind.APPEAL, submission_id, "content-a"), [])
    other = case(CaseKind.APPEAL, submission_id, "content-b")

    with pytest.raises(SubmissionIdReused):
        store.add(other, [])

    assert store.get(other.reference) is None
    assert store.get(first.reference) == first


def claim(portal: LocalPortal, kind: CaseKind, submission_id: str) -> dict[str, Any]:
    [found] = portal.items(f"SUBMISSION#{kind}#{submission_id}")
    return found


def test_a_claim_records_the_fingerprint_and_expires_with_its_case(portal: LocalPortal) -> None:
    store = DynamoCaseStore(portal.table)
    submission_id = str(uuid.uuid4())

    stored = store.add(case(CaseKind.NOTICE, submission_id, "f-notice"), [])

    found = claim(portal, CaseKind.NOTICE, submission_id)
    assert found["fingerprint"] == "f-notice"
    assert found["reference"] == stored.reference
    assert found["expires_at"] == portal.case_item(stored.reference)["expires_at"]  # type: ignore[index]


def test_a_confirmed_authority_message_keeps_its_claim_as_long_as_the_case(
    portal: LocalPortal,
) -> None:
    store = DynamoCaseStore(portal.table)
    submission_id = str(uuid.uuid4())
    awaiting = case(
        CaseKind.AUTHORITY_MESSAGE,
        submission_id,
        "f-message",
        status=CaseStatus.AWAITING_CONFIRMATION,
        confirmation=Confirmation(expires_at=RECEIVED_AT + timedelta(days=7)),
    )
    store.add(awaiting, [])

    confirmed = store.confirm(awaiting, RECEIVED_AT + timedelta(hours=2), [])

    found = claim(portal, CaseKind.AUTHORITY_MESSAGE, submission_id)
    kept_until = expires_at(confirmed)
    assert kept_until is not None
    assert found["expires_at"] == int(kept_until.timestamp())
    assert found["expires_at"] == portal.case_item(confirmed.reference)["expires_at"]  # type: ignore[index]
    assert found["fingerprint"] == "f-message"
