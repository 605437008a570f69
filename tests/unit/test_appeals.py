"""
Appeals: open for six months after the person was informed; a notifier's decision date
comes from the stored case.
"""

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest

from portal.domain.appeals import Appeal, submit_appeal
from portal.domain.cases import Case, CaseKind, CaseStatus, Decision
from portal.domain.errors import CaseNotFound, InvalidSubmission
from portal.domain.mail import Template
from portal.domain.references import new_reference
from tests.fakes import FakeCaseStore, FakeUploads

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 22)


def author(**changes: Any) -> dict[str, Any]:
    appellant = {
        "role": "review_author",
        "decision": "review_removed",
        "order_number": "48213377",
        "review_date": "2026-09-01",
        "informed_on": "2026-09-10",
        **changes,
    }
    return appeal(appellant)


def appeal(appellant: dict[str, Any]) -> dict[str, Any]:
    return {
        "submission_id": str(uuid.uuid4()),
        "language": "de",
        "appellant": appellant,
        "name": "Jonas Weber",
        "email": "jonas@example.de",
        "explanation": "Meine Bewertung beschrieb nur den Zustand des Akkus bei Lieferung.",
    }


def submit(data: dict[str, Any], store: FakeCaseStore | None = None) -> Case:
    return submit_appeal(
        Appeal.model_validate(data),
        received_at=NOW,
        today=TODAY,
        spam=False,
        store=store or FakeCaseStore(),
        uploads=FakeUploads(),
    )


def decided_notice(store: FakeCaseStore, informed_on: date) -> str:
    reference = new_reference("NT")
    store.cases[reference] = Case(
        reference=reference,
        kind=CaseKind.NOTICE,
        status=CaseStatus.RECEIVED,
        submission_id=str(uuid.uuid4()),
        received_at=NOW,
        language="fr",
        details={},
        decision=Decision(outcome="kept", decided_at=NOW, informed_on=informed_on),
    )
    return reference


def test_a_review_author_within_six_months_is_heard() -> None:
    store = FakeCaseStore()

    case = submit(author(), store)

    assert case.kind is CaseKind.APPEAL
    assert case.details["window_closes_on"] == "2027-03-10"
    assert [mail.template for mail in store.outbox] == [
        Template.APPEAL_RECEIVED,
        Template.STAFF_NEW_CASE,
    ]
    assert store.outbox[0].language == "de"


def test_an_appeal_more_than_six_months_after_being_informed_is_refused() -> None:
    with pytest.raises(InvalidSubmission) as refused:
        submit(author(review_date="2026-05-01", informed_on="2026-05-21"))

    assert refused.value.code == "appeal_window_closed"
    assert refused.value.field == "appellant.informed_on"
    assert refused.value.params == {"closed_on": "2026-11-21"}


def test_dates_in_the_future_or_a_review_after_its_decision_are_refused() -> None:
    with pytest.raises(InvalidSubmission) as future:
        submit(author(informed_on="2026-12-01"))
    with pytest.raises(InvalidSubmission) as order:
        submit(author(review_date="2026-09-20"))

    assert future.value.code == "date_in_future"
    assert (order.value.code, order.value.field) == (
        "review_after_decision",
        "appellant.review_date",
    )


def test_a_notifier_is_held_to_the_stored_decision_date_not_the_one_they_give() -> None:
    store = FakeCaseStore()
    reference = decided_notice(store, informed_on=date(2026, 4, 1))

    with pytest.raises(InvalidSubmission) as refused:
        submit(
            appeal(
                {
                    "role": "notifier",
                    "case_reference": reference.lower(),
                    "informed_on": "2026-11-01",
                }
            ),
            store,
        )

    assert refused.value.params == {"closed_on": "2026-10-01"}


def test_a_notifier_within_the_window_of_the_stored_decision_is_heard() -> None:
    store = FakeCaseStore()
    reference = decided_notice(store, informed_on=date(2026, 10, 1))

    case = submit(appeal({"role": "notifier", "case_reference": reference}), store)

    assert case.details["informed_on"] == "2026-10-01"


def test_a_notifier_must_name_a_known_notice() -> None:
    with pytest.raises(InvalidSubmission) as malformed:
        submit(appeal({"role": "notifier", "case_reference": "NT-0000-0001"}))
    with pytest.raises(CaseNotFound):
        submit(appeal({"role": "notifier", "case_reference": new_reference("NT")}))

    assert malformed.value.code == "reference_invalid"
