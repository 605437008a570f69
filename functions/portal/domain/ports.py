"""
What the domain needs from the outside world, as small protocols the adapters implement;
tests use fakes (tests/fakes.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from portal.domain.cases import Case
from portal.domain.mail import Mail
from portal.domain.uploads import Upload

if TYPE_CHECKING:  # the API needs none of these at run time: no import at cold start
    from portal.domain.recipients import EngineName, Progress, RecipientCount, RecipientsRecord
    from portal.domain.report_drafts import ExportState, ReportDraft
    from portal.domain.statement_submission import (
        Refused,
        Stored,
        SubmissionState,
    )
    from portal.domain.transparency_report import Period, Tally


class CaseStore(Protocol):
    def add(self, case: Case, mails: Sequence[Mail]) -> Case:
        """
        Store a new case and the e-mails it triggers in one atomic write. A submission ID
        is claimed per kind of case, for as long as the case is kept: if this kind of case
        already claimed it with the same fingerprint, write nothing and return that case;
        with another fingerprint, raise SubmissionIdReused. Each attachment is claimed for
        this case in the same write: if another case holds one, write nothing and raise
        AttachmentInUse on its field (`attachments.<index>`).
        """

    def get(self, reference: str) -> Case | None: ...

    def confirm(self, case: Case, confirmed_at: datetime, mails: Sequence[Mail]) -> Case:
        """
        Mark an authority message awaiting confirmation as confirmed and queue its e-mails,
        atomically. A case confirmed already is returned as stored, with nothing queued; a
        case gone, or no longer awaiting confirmation, raises ConfirmationFailed.
        """


class UploadRegistry(Protocol):
    def get(self, upload_id: str) -> Upload | None: ...


class MailQueue(Protocol):
    """Where e-mails wait for the mail worker; a mail queued twice is delivered twice."""

    def enqueue(self, mail: Mail) -> None: ...


class RecipientsEngine(Protocol):
    """Counts unique active recipients per month in the Union and in each Member State."""

    @property
    def name(self) -> EngineName: ...

    @property
    def source(self) -> str:
        """Where the events are read from, recorded with the figure (Art. 24(3))."""
        ...

    def count_recipients(
        self, months: Sequence[date], progress: Progress
    ) -> list[RecipientCount]: ...


class ReportEngine(Protocol):
    """Counts the transparency report's figures in an export of the cases table."""

    @property
    def name(self) -> EngineName: ...

    @property
    def source(self) -> str:
        """Where the export is read from, named in the draft."""
        ...

    def tally(self, period: Period, progress: Progress) -> list[Tally]: ...


class RecordStore(Protocol):
    """Keeps every computed record; returns where it was stored."""

    def save(self, record: RecipientsRecord) -> str: ...


class StaffNotifier(Protocol):
    """Tells legal staff about something they must act on."""

    def recipients_computed(self, record: RecipientsRecord, location: str) -> None: ...


class TransparencyDatabase(Protocol):
    """The Commission's Transparency Database (Art. 24(5) DSA), one call at a time."""

    def submit(self, statements: Sequence[dict[str, Any]]) -> Stored | Refused:
        """POST 1 to 100 statements; raises DatabaseBusy on 429, 5xx or no answer."""
        ...

    def find(self, puid: str) -> tuple[bool, str | None]:
        """Whether the database holds this PUID, and its identifier there if it says."""
        ...


class StatementOutbox(Protocol):
    """Each statement's state on its case (`SOR#<puid>`): pending, submitted or rejected."""

    def state(self, reference: str, puid: str) -> SubmissionState | None: ...

    def mark_submitted(
        self, reference: str, puid: str, at: datetime, database_uuid: str | None
    ) -> bool:
        """Record it stored; False if it was settled otherwise (or is no longer there)."""
        ...

    def mark_rejected(self, reference: str, puid: str, at: datetime, message: str) -> bool:
        """Record the database's refusal; False if it was settled otherwise."""
        ...


class TableExporter(Protocol):
    """Exports the cases table to S3 from its point-in-time backup (never a scan)."""

    def start(self, prefix: str) -> str:
        """Start an export of the table as it is now under `prefix`; the export's ARN."""
        ...

    def describe(self, arn: str) -> tuple[ExportState, str, str | None]:
        """Where an export stands, its data's location (s3://.../data/), why it failed."""
        ...


class DraftStore(Protocol):
    """Keeps the transparency report's drafts and their files."""

    def save(self, draft: ReportDraft) -> None: ...

    def list(self) -> list[ReportDraft]:
        """Every draft, newest first."""
        ...

    def download_url(self, draft: ReportDraft, name: str) -> str:
        """A short-lived link to one of the draft's files."""
        ...


class ReportDraftNotifier(Protocol):
    """Tells legal staff that a draft of the transparency report is ready, or failed."""

    def report_draft_finished(self, draft: ReportDraft) -> None: ...
