"""
An upload belongs to exactly one submission: once a stored case uses it, no other
submission may, and a submission caught by the honeypot checks its attachments too.
"""

import uuid

import pytest

from portal.domain.authority_messages import submit_authority_message
from portal.domain.errors import AttachmentInUse, DomainError, UploadNotFound
from portal.domain.intake import Intake
from portal.domain.uploads import UploadState
from tests.fakes import FakeCaseStore, FakeUploads
from tests.unit.test_authority_messages import NOW as MESSAGE_TIME
from tests.unit.test_authority_messages import message
from tests.unit.test_notices import notice, submit


def accepted(*upload_ids: str) -> FakeUploads:
    return FakeUploads(**dict.fromkeys(upload_ids, UploadState.ACCEPTED))


def test_an_upload_used_by_a_stored_case_is_refused_to_another_submission() -> None:
    mine, theirs = str(uuid.uuid4()), str(uuid.uuid4())
    uploads, store = accepted(mine, theirs), FakeCaseStore()
    first = submit(notice(attachments=[theirs]), store, uploads=uploads)

    with pytest.raises(AttachmentInUse) as refused:
        submit(notice(attachments=[mine, theirs]), store, uploads=uploads)

    assert (refused.value.code, refused.value.field) == ("attachment_in_use", "attachments.1")
    assert list(store.cases) == [first.reference]
    assert store.upload_owners == {theirs: first.reference}


def test_the_same_upload_named_twice_in_one_submission_is_refused() -> None:
    upload_id = str(uuid.uuid4())
    store = FakeCaseStore()

    with pytest.raises(AttachmentInUse) as refused:
        submit(notice(attachments=[upload_id, upload_id]), store, uploads=accepted(upload_id))

    assert refused.value.field == "attachments.1"
    assert store.cases == {}


def test_a_retried_submission_keeps_its_attachments_and_its_case() -> None:
    upload_id = str(uuid.uuid4())
    uploads, store = accepted(upload_id), FakeCaseStore()
    data = notice(attachments=[upload_id])

    first = submit(data, store, uploads=uploads)
    again = submit(data, store, uploads=uploads)

    assert again.reference == first.reference
    assert again.attachments == (upload_id,)


@pytest.mark.parametrize(
    ("state", "code"),
    [
        (UploadState.PENDING, "attachment_pending"),
        (UploadState.REJECTED, "attachment_rejected"),
        (None, UploadNotFound.code),
    ],
)
def test_a_notice_caught_by_the_honeypot_checks_its_attachments_like_any_other(
    state: UploadState | None, code: str
) -> None:
    upload_id = str(uuid.uuid4())
    uploads = FakeUploads(**({upload_id: state} if state else {}))
    store = FakeCaseStore()

    with pytest.raises(DomainError) as refused:
        submit(notice(attachments=[upload_id]), store, spam=True, uploads=uploads)

    assert (refused.value.code, refused.value.field) == (code, "attachments.0")
    assert store.cases == {}


def test_spam_cannot_claim_an_upload_that_a_stored_case_uses() -> None:
    upload_id = str(uuid.uuid4())
    uploads, store = accepted(upload_id), FakeCaseStore()
    owner = submit(notice(attachments=[upload_id]), store, uploads=uploads)

    with pytest.raises(AttachmentInUse):
        submit(notice(attachments=[upload_id]), store, spam=True, uploads=uploads)

    assert store.upload_owners == {upload_id: owner.reference}


def test_an_authority_message_caught_by_the_honeypot_checks_its_attachments() -> None:
    pending = str(uuid.uuid4())
    store = FakeCaseStore()

    with pytest.raises(DomainError) as refused:
        submit_authority_message(
            message(attachments=[pending]).model_dump(mode="json"),
            spam=True,
            intake=Intake(
                store, FakeUploads(**{pending: UploadState.PENDING}), clock=lambda: MESSAGE_TIME
            ),
        )

    assert (refused.value.code, refused.value.field) == ("attachment_pending", "attachments.0")
    assert store.cases == {}
