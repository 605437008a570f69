"""
What every submission goes through, spam included: its attachments are checked, a case is
opened with a fresh reference, and the case is stored with the e-mails it triggers, once.
The store claims each attachment for that one case, atomically with the case.
"""

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from portal.domain.cases import REFERENCE_PREFIXES, Case, CaseKind, CaseStatus
from portal.domain.errors import (
    AttachmentInUse,
    InvalidSubmission,
    ReferenceTaken,
    UploadNotFound,
)
from portal.domain.mail import Mail
from portal.domain.ports import CaseStore, UploadRegistry
from portal.domain.references import new_reference
from portal.domain.uploads import UploadState

_ATTEMPTS = 5


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
