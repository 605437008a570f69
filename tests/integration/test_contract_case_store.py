"""
The case store's contract: DynamoCaseStore under moto and the FakeCaseStore the unit tests
use pass the same tests, so that the fake cannot drift from the table's rules. The tests
share one table per module and keep apart by fresh references and submission IDs.
"""

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import boto3
import pytest

from portal.adapters.cases import (
    OUTBOX_RETENTION,
    DynamoCaseStore,
    from_attributes,
    to_attributes,
)
from portal.domain.cases import (
    RETENTION,
    Case,
    CaseKind,
    CaseStatus,
    Confirmation,
    Decision,
    Routing,
    expires_at,
)
from portal.domain.errors import (
    AttachmentInUse,
    ConfirmationFailed,
    ReferenceTaken,
    SubmissionIdReused,
)
from portal.domain.mail import (
    MAX_SWEEPS,
    Mail,
    MailState,
    Template,
    acknowledgement,
    staff_notification,
)
from portal.domain.references import new_reference
from tests.fakes import FakeCaseStore
from tests.integration.harness import LocalPortal

Store = DynamoCaseStore | FakeCaseStore

RECEIVED_AT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
CONFIRMED_AT = RECEIVED_AT + timedelta(hours=2)
LATER = RECEIVED_AT + timedelta(days=1)


@pytest.fixture(params=["fake", "dynamodb"])
def store(request: pytest.FixtureRequest) -> Store:
    if request.param == "fake":
        return FakeCaseStore()
    portal: LocalPortal = request.getfixturevalue("module_portal")
    return DynamoCaseStore(portal.table, boto3.client("dynamodb"))


def case(kind: CaseKind = CaseKind.NOTICE, **changes: Any) -> Case:
    prefix = {CaseKind.NOTICE: "NT", CaseKind.APPEAL: "AP", CaseKind.AUTHORITY_MESSAGE: "AU"}
    fields: dict[str, Any] = {
        "reference": new_reference(prefix[kind]),
        "kind": kind,
        "status": CaseStatus.RECEIVED,
        "submission_id": str(uuid.uuid4()),
        "fingerprint": "distinctive-fingerprint",
        "received_at": RECEIVED_AT,
        "language": "en",
        "details": {"explanation": "distinctive content"},
        **changes,
    }
    return Case(**fields)


def awaiting(**changes: Any) -> Case:
    """An authority message waiting for its sender to confirm the address."""
    confirmation = Confirmation(expires_at=RECEIVED_AT + timedelta(days=7))
    return case(
        CaseKind.AUTHORITY_MESSAGE,
        status=CaseStatus.AWAITING_CONFIRMATION,
        confirmation=confirmation,
        **changes,
    )


def mails_of(stored: Case) -> list[Mail]:
    return [
        acknowledgement(stored, Template.NOTICE_RECEIVED, "sender@example.com"),
        staff_notification(stored),
    ]


def listed(store: Store, reference: str, before: datetime = LATER) -> list[Mail]:
    """The outbox's pending e-mails of one case (the table is shared by the module)."""
    found = [mail for mail in store.pending_mails(before) if mail.case_reference == reference]
    return sorted(found, key=lambda mail: mail.id)


# --- Storing and reading cases ---------------------------------------------------------


def test_a_stored_case_reads_back_as_it_was_stored(store: Store) -> None:
    stored = case(
        routing=Routing.PRODUCT_SAFETY,
        translation_needed=True,
        language="fr",
        details={"explanation": "Ce jouet est dangereux — 5 €", "reviews": ["R1", "R2"]},
        attachments=(str(uuid.uuid4()), str(uuid.uuid4())),
        decision=Decision(
            outcome="removed",
            decided_at=RECEIVED_AT + timedelta(days=3),
            informed_on=date(2026, 11, 24),
            author_email="author@example.com",
        ),
    )

    store.add(stored, [])

    assert store.get(stored.reference) == stored


def test_an_unknown_reference_reads_as_nothing(store: Store) -> None:
    assert store.get(new_reference("NT")) is None


def test_the_same_submission_again_gets_the_stored_case_and_queues_nothing_more(
    store: Store,
) -> None:
    first = case()
    store.add(first, mails_of(first))
    retry = case(submission_id=first.submission_id)

    again = store.add(retry, mails_of(retry))

    assert again == first
    assert store.get(retry.reference) is None
    assert listed(store, retry.reference) == []
    assert len(listed(store, first.reference)) == 2


def test_a_submission_id_of_another_form_opens_its_own_case(store: Store) -> None:
    submission_id = str(uuid.uuid4())
    notice = store.add(case(CaseKind.NOTICE, submission_id=submission_id), [])

    message = store.add(case(CaseKind.AUTHORITY_MESSAGE, submission_id=submission_id), [])

    assert message.reference != notice.reference
    assert message.kind is CaseKind.AUTHORITY_MESSAGE
    assert store.get(notice.reference) == notice
    assert store.get(message.reference) == message


def test_other_content_under_a_claimed_submission_id_is_refused(store: Store) -> None:
    first = store.add(case(CaseKind.APPEAL, fingerprint="content-a"), [])
    other = case(CaseKind.APPEAL, submission_id=first.submission_id, fingerprint="content-b")

    with pytest.raises(SubmissionIdReused) as refused:
        store.add(other, [])

    assert refused.value.field == "submission_id"
    assert store.get(other.reference) is None
    assert store.get(first.reference) == first


def test_a_reference_already_taken_is_refused_and_the_first_case_kept(store: Store) -> None:
    first = store.add(case(details={"explanation": "the first"}), [])
    second = case(reference=first.reference, details={"explanation": "the second"})

    with pytest.raises(ReferenceTaken):
        store.add(second, mails_of(second))

    assert store.get(first.reference) == first
    assert listed(store, first.reference) == []


def test_two_cases_never_both_claim_one_upload(store: Store) -> None:
    upload_id = str(uuid.uuid4())
    store.add(case(attachments=(str(uuid.uuid4()), upload_id)), [])
    second = case(attachments=(str(uuid.uuid4()), upload_id))

    with pytest.raises(AttachmentInUse) as refused:
        store.add(second, mails_of(second))

    assert refused.value.field == "attachments.1"
    assert store.get(second.reference) is None
    assert listed(store, second.reference) == []


def test_a_case_refused_for_an_upload_leaves_its_submission_id_and_other_uploads_free(
    store: Store,
) -> None:
    taken, fresh = str(uuid.uuid4()), str(uuid.uuid4())
    store.add(case(attachments=(taken,)), [])
    refused = case(attachments=(fresh, taken))
    with pytest.raises(AttachmentInUse):
        store.add(refused, [])

    corrected = store.add(case(submission_id=refused.submission_id, attachments=(fresh,)), [])

    assert store.get(corrected.reference) == corrected
    assert corrected.reference != refused.reference


# --- The outbox ------------------------------------------------------------------------


def test_a_case_queues_its_mails_as_pending_from_the_moment_it_was_received(
    store: Store,
) -> None:
    stored = case()
    mails = mails_of(stored)

    store.add(stored, mails)

    assert listed(store, stored.reference, before=RECEIVED_AT) == []
    assert listed(store, stored.reference, before=RECEIVED_AT + timedelta(seconds=1)) == sorted(
        mails, key=lambda mail: mail.id
    )
    assert not any(store.is_mail_settled(stored.reference, mail.template) for mail in mails)


def test_an_email_is_added_to_a_case_once_only(store: Store) -> None:
    stored = store.add(awaiting(), [])
    reminder = acknowledgement(stored, Template.AUTHORITY_CONFIRM_REMINDER, "dsa@example.eu")

    first = store.add_mail(stored, reminder, LATER)
    again = store.add_mail(stored, reminder, LATER + timedelta(hours=1))

    assert (first, again) == (True, False)
    assert listed(store, stored.reference, before=LATER + timedelta(seconds=1)) == [reminder]


@pytest.mark.parametrize("state", [MailState.SENT, MailState.HELD_BACK, MailState.PENDING])
def test_an_email_marked_other_than_pending_is_settled_and_no_longer_listed(
    store: Store, state: MailState
) -> None:
    stored = case()
    ours, other = mails_of(stored)
    store.add(stored, [ours, other])

    store.mark_mail(stored.reference, ours.template, state, LATER, "ses-message-id")

    settled = state is not MailState.PENDING
    assert store.is_mail_settled(stored.reference, ours.template) is settled
    assert listed(store, stored.reference) == (
        [other] if settled else sorted([ours, other], key=lambda m: m.id)
    )
    assert not store.is_mail_settled(stored.reference, other.template)


def test_an_email_ses_accepted_is_recorded_as_sent(store: Store) -> None:
    stored = case()
    ours, other = mails_of(stored)
    store.add(stored, [ours, other])

    recorded = store.try_mark_mail_sent(stored.reference, ours.template, LATER, "ses-id")

    assert recorded is True
    assert store.is_mail_settled(stored.reference, ours.template)
    assert listed(store, stored.reference) == [other]


def test_marking_an_email_the_outbox_does_not_hold_records_nothing(store: Store) -> None:
    # As for an e-mail deleted with its case before the worker records it.
    stored = store.add(case(), [])
    mail = acknowledgement(stored, Template.NOTICE_RECEIVED, "sender@example.com")

    store.mark_mail(stored.reference, mail.template, MailState.SENT, LATER)

    assert not store.is_mail_settled(stored.reference, mail.template)
    assert store.add_mail(stored, mail, LATER) is True


def test_a_pending_email_is_swept_a_bounded_number_of_times_then_left_failed(
    store: Store,
) -> None:
    stored = case()
    ours, other = mails_of(stored)
    store.add(stored, [ours, other])

    counted = [store.count_sweep(stored.reference, ours.template, LATER) for _ in range(MAX_SWEEPS)]
    last = store.count_sweep(stored.reference, ours.template, LATER)

    assert counted == [True] * MAX_SWEEPS
    assert last is False
    assert store.is_mail_settled(stored.reference, ours.template)
    assert listed(store, stored.reference) == [other]


def test_a_settled_or_unknown_email_is_not_swept(store: Store) -> None:
    stored = case()
    ours, other = mails_of(stored)
    store.add(stored, [ours])
    store.mark_mail(stored.reference, ours.template, MailState.SENT, LATER)

    swept = store.count_sweep(stored.reference, ours.template, LATER)
    unknown = store.count_sweep(stored.reference, other.template, LATER)

    assert (swept, unknown) == (False, False)
    assert store.is_mail_settled(stored.reference, ours.template)
    assert not store.is_mail_settled(stored.reference, other.template)


# --- Confirming an authority's address -------------------------------------------------


def test_confirming_an_awaiting_case_marks_it_received_and_queues_its_mails(
    store: Store,
) -> None:
    waiting = store.add(awaiting(), [])
    received = acknowledgement(waiting, Template.AUTHORITY_MESSAGE_RECEIVED, "dsa@example.eu")

    confirmed = store.confirm(waiting, CONFIRMED_AT, [received])

    assert (confirmed.status, confirmed.confirmed_at) == (CaseStatus.RECEIVED, CONFIRMED_AT)
    assert store.get(waiting.reference) == confirmed
    assert listed(store, waiting.reference, before=CONFIRMED_AT) == []
    assert listed(store, waiting.reference) == [received]


def test_confirming_again_returns_the_confirmed_case_and_queues_nothing_more(
    store: Store,
) -> None:
    waiting = store.add(awaiting(), [])
    received = acknowledgement(waiting, Template.AUTHORITY_MESSAGE_RECEIVED, "dsa@example.eu")
    reminder = acknowledgement(waiting, Template.AUTHORITY_CONFIRM_REMINDER, "dsa@example.eu")
    confirmed = store.confirm(waiting, CONFIRMED_AT, [received])

    again = store.confirm(waiting, CONFIRMED_AT + timedelta(hours=1), [reminder])

    assert again == confirmed
    assert listed(store, waiting.reference) == [received]


@pytest.mark.parametrize("stored", [True, False], ids=["marked spam", "gone"])
def test_only_a_case_awaiting_confirmation_can_be_confirmed(store: Store, stored: bool) -> None:
    # Staff marked it spam, or deleted it, after the link was mailed.
    waiting = awaiting()
    if stored:
        store.add(waiting.model_copy(update={"status": CaseStatus.SPAM}), [])
    before = store.get(waiting.reference)
    received = acknowledgement(waiting, Template.AUTHORITY_MESSAGE_RECEIVED, "dsa@example.eu")

    with pytest.raises(ConfirmationFailed):
        store.confirm(waiting, CONFIRMED_AT, [received])

    assert store.get(waiting.reference) == before
    assert listed(store, waiting.reference) == []


def test_each_mailed_links_hash_is_kept_on_a_case_awaiting_confirmation(store: Store) -> None:
    waiting = store.add(awaiting(), [])

    added = [store.add_confirmation_token(waiting.reference, hash_) for hash_ in ("h1", "h2")]

    assert added == [True, True]
    found = store.get(waiting.reference)
    assert found is not None and found.confirmation is not None
    assert found.confirmation.token_hashes == ("h1", "h2")


def test_no_links_hash_is_kept_once_confirmed_or_for_an_unknown_case(store: Store) -> None:
    waiting = store.add(awaiting(), [])
    confirmed = store.confirm(waiting, CONFIRMED_AT, [])

    after_confirming = store.add_confirmation_token(waiting.reference, "late")
    unknown = store.add_confirmation_token(new_reference("AU"), "lost")

    assert (after_confirming, unknown) == (False, False)
    assert store.get(waiting.reference) == confirmed


# --- Proof-of-work solutions -----------------------------------------------------------


def test_a_solution_is_spent_by_one_submission_only_which_may_retry(store: Store) -> None:
    key, mine, theirs = str(uuid.uuid4()), f"notice#{uuid.uuid4()}", f"notice#{uuid.uuid4()}"
    until = LATER

    spent = store.spend_challenge(key, mine, until)
    retried = store.spend_challenge(key, mine, until)
    stolen = store.spend_challenge(key, theirs, until)

    assert (spent, retried, stolen) == (True, True, False)


# --- Expiry (DynamoDB's TTL attribute): the table's own shape, no fake counterpart ------


def item(portal: LocalPortal, pk: str, sk: str) -> dict[str, Any]:
    key = to_attributes({"pk": pk, "sk": sk})
    return from_attributes(portal.dynamodb.get_item(TableName=portal.table, Key=key)["Item"])


def test_a_claim_records_the_fingerprint_and_expires_with_its_case(
    module_portal: LocalPortal,
) -> None:
    store = DynamoCaseStore(module_portal.table, boto3.client("dynamodb"))

    stored = store.add(case(fingerprint="f-notice"), [])

    claim = item(module_portal, f"SUBMISSION#notice#{stored.submission_id}", "CLAIM")
    assert claim["fingerprint"] == "f-notice"
    assert claim["reference"] == stored.reference
    assert (
        claim["expires_at"] == item(module_portal, f"CASE#{stored.reference}", "CASE")["expires_at"]
    )


def test_a_confirmed_authority_message_keeps_its_claim_as_long_as_the_case(
    module_portal: LocalPortal,
) -> None:
    store = DynamoCaseStore(module_portal.table, boto3.client("dynamodb"))
    waiting = store.add(awaiting(fingerprint="f-message"), [])

    confirmed = store.confirm(waiting, CONFIRMED_AT, [])

    claim = item(module_portal, f"SUBMISSION#authority_message#{waiting.submission_id}", "CLAIM")
    kept_until = expires_at(confirmed)
    assert kept_until is not None
    assert claim["expires_at"] == int(kept_until.timestamp())
    assert (
        claim["expires_at"]
        == item(module_portal, f"CASE#{waiting.reference}", "CASE")["expires_at"]
    )
    assert claim["fingerprint"] == "f-message"


def test_uploads_outbox_and_spent_solutions_expire_when_no_longer_needed(
    module_portal: LocalPortal,
) -> None:
    store = DynamoCaseStore(module_portal.table, boto3.client("dynamodb"))
    upload_id, key = str(uuid.uuid4()), str(uuid.uuid4())
    waiting = awaiting(attachments=(upload_id,))
    [link, _] = mails_of(waiting)

    store.add(waiting, [link])
    store.spend_challenge(key, f"authority_message#{waiting.submission_id}", LATER)

    case_item = item(module_portal, f"CASE#{waiting.reference}", "CASE")
    assert "expires_at" not in case_item  # kept until staff decide
    # The longest an authority message may be kept, once confirmed.
    upload_until = RECEIVED_AT + RETENTION[CaseKind.AUTHORITY_MESSAGE]
    assert item(module_portal, f"UPLOAD#{upload_id}", "CLAIM")["expires_at"] == int(
        upload_until.timestamp()
    )
    mail_item = item(module_portal, f"CASE#{waiting.reference}", f"MAIL#{link.template}")
    assert mail_item["expires_at"] == int((RECEIVED_AT + OUTBOX_RETENTION).timestamp())
    assert item(module_portal, f"CHALLENGE#{key}", "USED")["expires_at"] == int(LATER.timestamp())
