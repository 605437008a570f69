"""
What every submission goes through, spam included: its attachments are checked, a case is
opened with a fresh reference, and the case is stored with the e-mails it triggers, once.
The store claims each attachment for that one case, atomically with the case. The time of
receipt comes from the clock the entry point passes in (tests pass a fixed one).
"""

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, Protocol
from uuid import UUID

from portal.domain.cases import (
    CONFIRMATION_VALIDITY,
    REFERENCE_PREFIXES,
    Case,
    CaseKind,
    CaseStatus,
    Confirmation,
)
from portal.domain.errors import (
    AttachmentInUse,
    InvalidSubmission,
    ReferenceTaken,
    UploadNotFound,
)
from portal.domain.mail import Mail, Template, acknowledgement
from portal.domain.ports import CaseStore, UploadRegistry
from portal.domain.references import new_reference
from portal.domain.uploads import UploadState

_ATTEMPTS = 5
# What the form's own fields say, kept as the case's details: all but what the case holds.
_CASE_FIELDS = frozenset({"submission_id", "language", "attachments"})

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Intake:
    """What receiving a submission needs: where cases and uploads are, and the time."""

    store: CaseStore
    uploads: UploadRegistry
    clock: Clock


class Form(Protocol):
    """A validated form: every one has a submission ID, a language and attachments."""

    @property
    def submission_id(self) -> UUID: ...

    @property
    def language(self) -> str: ...

    @property
    def attachments(self) -> Sequence[UUID]: ...

    def model_dump(self, *, mode: str, exclude: set[str]) -> dict[str, Any]: ...


def fingerprint(content: Mapping[str, Any]) -> str:
    """
    A hash of what the sender sent, as they sent it (before the domain adds anything):
    the same content always gives the same fingerprint, whatever the order of its keys.
    """
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def check_attachments(upload_ids: Sequence[str], uploads: UploadRegistry) -> None:
    """Every attachment must be an upload that exists, passed its check, and is named once."""
    for index, upload_id in enumerate(upload_ids):
        field = f"attachments.{index}"
        if upload_id in upload_ids[:index]:
            raise AttachmentInUse(field=field)
        upload = uploads.get(upload_id)
        if upload is None:
            raise UploadNotFound(field=field)
        if upload.state is UploadState.PENDING:
            raise InvalidSubmission("attachment_pending", field=field)
        if upload.state is UploadState.REJECTED:
            raise InvalidSubmission("attachment_rejected", field=field)


def _confirmation_link(case: Case, address: str) -> Sequence[Mail]:
    """The one e-mail of a case awaiting confirmation: the reference and a one-time link."""
    return [acknowledgement(case, Template.SUBMISSION_CONFIRM_ADDRESS, address)]


def open_case(
    form: Form,
    content: Mapping[str, Any],
    *,
    kind: CaseKind,
    received_at: datetime,
    spam: bool,
    intake: Intake,
    mails: Callable[[Case], Sequence[Mail]],
    confirm_by: str | None = None,
    **fields: Any,
) -> Case:
    """
    The steps every form shares: the case holds the submission ID, the fingerprint of what
    the sender sent (`content`), the language, the attachments and the other answers as its
    details; `fields` add to these or replace them.

    `confirm_by`: the address that must confirm, with a one-time link, before the case
    counts (a form sent without JavaScript, so without proof of work). The case waits
    with that link as its only e-mail; mail.once_confirmed sends the others.
    """
    send = mails
    if confirm_by is not None:
        fields["status"] = CaseStatus.AWAITING_CONFIRMATION
        fields["confirmation"] = Confirmation(expires_at=received_at + CONFIRMATION_VALIDITY)
        send = partial(_confirmation_link, address=confirm_by)
    values: dict[str, Any] = {
        "submission_id": str(form.submission_id),
        "fingerprint": fingerprint(content),
        "language": form.language,
        "details": form.model_dump(mode="json", exclude=set(_CASE_FIELDS)),
        "attachments": tuple(str(upload_id) for upload_id in form.attachments),
        **fields,
    }
    return store_new_case(
        intake.store,
        kind=kind,
        received_at=received_at,
        spam=spam,
        uploads=intake.uploads,
        mails=send,
        **values,
    )


def store_new_case(
    store: CaseStore,
    *,
    kind: CaseKind,
    received_at: datetime,
    spam: bool,
    uploads: UploadRegistry,
    mails: Callable[[Case], Sequence[Mail]],
    **fields: Any,
) -> Case:
    """
    Check the attachments, open a case under a fresh reference and store it with its
    e-mails; spam is checked and stored alike (a bot must not learn that it was caught,
    nor use a caught submission to claim files) but triggers no e-mail.
    """
    check_attachments(tuple(fields.get("attachments", ())), uploads)
    if spam:
        fields["status"] = CaseStatus.SPAM
    fields.setdefault("status", CaseStatus.RECEIVED)
    for _ in range(_ATTEMPTS):
        case = Case(
            reference=new_reference(REFERENCE_PREFIXES[kind]),
            kind=kind,
            received_at=received_at,
            **fields,
        )
        try:
            return store.add(case, [] if spam else mails(case))
        except ReferenceTaken:
            continue
    raise RuntimeError(f"no free reference after {_ATTEMPTS} attempts")
