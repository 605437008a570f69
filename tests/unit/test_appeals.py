"""
Appeals: open for six months after the person was informed; a notifier's decision date
comes from the stored case.
"""

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from portal.domain.appeals import Appeal, submit_appeal
from portal.domain.cases import Case, CaseKind, CaseStatus, Decision
from portal.domain.errors import DomainError, InvalidSubmission
from portal.domain.intake import Intake
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
    intake = Intake(store or FakeCaseStore(), FakeUploads(), clock=lambda: NOW)
    return submit_appeal(data, spam=False, intake=intake)


def stored_notice(
    store: FakeCaseStore,
    decision: Decision | None,
    email: str = "jonas@example.de",
    kind: CaseKind = CaseKind.NOTICE,
) -> str:
    reference = new_reference(kind_prefix(kind))
    store.cases[reference] = Case(
        reference=reference,
        kind=kind,
        status=CaseStatus.RECEIVED,
        submission_id=str(uuid.uuid4()),
        received_at=NOW,
        language="fr",
        details={"email": email, "name": "Jonas Weber"},
        decision=decision,
    )
    return reference


def kind_prefix(kind: CaseKind) -> str:
    return {CaseKind.NOTICE: "NT", CaseKind.APPEAL: "AP", CaseKind.AUTHORITY_MESSAGE: "AU"}[kind]


def decision(informed_on: date, author_email: str | None = None) -> Decision:
    return Decision(
        outcome="removed", decided_at=NOW, informed_on=informed_on, author_email=author_email
    )


def decided_notice(store: FakeCaseStore, informed_on: date, email: str = "jonas@example.de") -> str:
    return stored_notice(store, decision(informed_on), email)


def refusal(data: dict[str, Any], store: FakeCaseStore) -> tuple[str, str | None, dict[str, Any]]:
    with pytest.raises(DomainError) as refused:
        submit(data, store)
    return refused.value.code, refused.value.field, refused.value.params


def validation_errors(data: dict[str, Any]) -> set[tuple[str, str]]:
    with pytest.raises(ValidationError) as raised:
        Appeal.model_validate(data)
    return {(".".join(str(p) for p in e["loc"]), e["type"]) for e in raised.value.errors()}


def notifier(reference: str) -> dict[str, Any]:
    return appeal({"role": "notifier", "case_reference": reference})


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


def test_a_sender_east_of_paris_may_give_their_own_today_just_after_midnight() -> None:
    # 00:30 in Athens on 23 November is still 22 November in Paris.
    case = submit(author(informed_on="2026-11-23", review_date="2026-11-23"))

    with pytest.raises(InvalidSubmission) as future:
        submit(author(informed_on="2026-11-24"))

    assert case.details["informed_on"] == "2026-11-23"
    assert future.value.code == "date_in_future"


def test_a_notifier_appeals_a_decided_notice_with_the_reference_and_their_address_alone() -> None:
    store = FakeCaseStore()
    reference = decided_notice(store, informed_on=date(2026, 10, 1), email="Jonas@EXAMPLE.de")

    case = submit(notifier(reference.lower()), store)

    assert case.details["informed_on"] == "2026-10-01"
    assert case.details["window_closes_on"] == "2027-04-01"
    assert case.details["contested_case"] == reference


def test_a_notifier_cannot_choose_the_day_the_window_counts_from() -> None:
    data = appeal(
        {"role": "notifier", "case_reference": "NT-7KQ4-M2XD", "informed_on": "2026-11-01"}
    )

    assert ("appellant.notifier.informed_on", "extra_forbidden") in validation_errors(data)


def test_a_closed_window_for_a_notifier_is_explained_on_the_reference_they_gave() -> None:
    store = FakeCaseStore()
    reference = decided_notice(store, informed_on=date(2026, 4, 1))

    assert refusal(notifier(reference), store) == (
        "appeal_window_closed",
        "appellant.case_reference",
        {"closed_on": "2026-10-01"},
    )


def test_a_notifier_whose_notice_is_not_decided_yet_is_told_so_on_the_reference() -> None:
    store = FakeCaseStore()
    reference = stored_notice(store, decision=None)

    assert refusal(notifier(reference), store) == (
        "not_decided_yet",
        "appellant.case_reference",
        {},
    )
    assert store.outbox == []


@pytest.mark.parametrize("decided", [True, False])
def test_someone_elses_notice_is_answered_exactly_like_an_unknown_reference(decided: bool) -> None:
    store = FakeCaseStore()
    theirs = stored_notice(
        store, decision(date(2026, 10, 1)) if decided else None, email="owner@example.fr"
    )
    unknown = new_reference("NT")

    assert refusal(notifier(theirs), store) == refusal(notifier(unknown), store)
    assert refusal(notifier(unknown), store) == ("case_not_found", "appellant.case_reference", {})


def test_a_notifier_must_name_a_notice_of_theirs() -> None:
    store = FakeCaseStore()
    own_appeal = stored_notice(store, decision(date(2026, 10, 1)), kind=CaseKind.APPEAL)

    assert refusal(notifier("NT-0000-0001"), store)[0] == "reference_invalid"
    assert refusal(notifier(own_appeal), store)[0] == "case_not_a_notice"


def test_a_review_author_may_appeal_with_the_reference_of_our_statement_of_reasons() -> None:
    store = FakeCaseStore()
    reference = stored_notice(
        store, decision(date(2026, 10, 5), author_email="JONAS@example.de"), email="n@example.fr"
    )

    case = submit(
        appeal(
            {"role": "review_author", "decision": "review_removed", "case_reference": reference}
        ),
        store,
    )

    assert case.details["informed_on"] == "2026-10-05"
    assert case.details["contested_case"] == reference


def test_a_reference_to_a_decision_about_someone_else_is_answered_like_an_unknown_one() -> None:
    store = FakeCaseStore()
    not_about_them = stored_notice(store, decision(date(2026, 10, 5), author_email="x@example.fr"))
    undecided = stored_notice(store, decision=None)

    def by_reference(reference: str) -> dict[str, Any]:
        return appeal(
            {"role": "review_author", "decision": "review_removed", "case_reference": reference}
        )

    expected: tuple[str, str, dict[str, Any]] = ("case_not_found", "appellant.case_reference", {})
    assert refusal(by_reference(not_about_them), store) == expected
    assert refusal(by_reference(undecided), store) == expected
    assert refusal(by_reference(new_reference("NT")), store) == expected


def test_without_a_reference_an_author_gives_the_order_number_and_both_dates() -> None:
    data = appeal({"role": "review_author", "decision": "review_removed", "case_reference": " "})

    assert validation_errors(data) == {
        ("appellant.review_author.order_number", "required"),
        ("appellant.review_author.review_date", "required"),
        ("appellant.review_author.informed_on", "required"),
    }


def test_an_appeal_against_an_account_block_needs_no_review_date() -> None:
    data = author(decision="account_blocked")
    del data["appellant"]["review_date"]

    case = submit(data)

    assert case.details["appellant"]["review_date"] is None
    assert case.details["window_closes_on"] == "2027-03-10"
