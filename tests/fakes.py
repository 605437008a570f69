"""
In-memory stand-ins for the ports in portal.domain.ports, recording what happened
(cosmicpython's fakes).
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from portal.adapters.transparency_database import refusal
from portal.adapters.uploads import PRESIGN_SECONDS
from portal.domain.cases import Case, CaseStatus
from portal.domain.errors import (
    AttachmentInUse,
    ChallengeFailed,
    ConfirmationFailed,
    ReferenceTaken,
    SubmissionIdReused,
)
from portal.domain.mail import MAX_SWEEPS, Mail, MailState
from portal.domain.recipients import EngineName, Progress, RecipientCount, RecipientsRecord
from portal.domain.report_drafts import ExportState, ReportDraft
from portal.domain.statement_submission import (
    DatabaseBusy,
    QueuedStatement,
    Refused,
    Stored,
    SubmissionState,
)
from portal.domain.uploads import Upload, UploadState
from portal.local.transparency_db import TransparencyDatabase


@dataclass
class OutboxEntry:
    """An e-mail of a case's outbox, as DynamoCaseStore's `MAIL#<template>` item."""

    mail: Mail
    since: datetime
    state: MailState = MailState.PENDING
    sweeps: int = 0


class FakeCaseStore:
    """
    The case store in memory, holding to the same rules as DynamoCaseStore: the contract
    tests (tests/integration/test_contract_case_store.py) run against both.
    """

    def __init__(self) -> None:
        self.cases: dict[str, Case] = {}
        # (kind, submission id) -> (reference, fingerprint), as DynamoCaseStore's claims
        self.claims: dict[tuple[str, str], tuple[str, str]] = {}
        self.upload_owners: dict[str, str] = {}
        # Every e-mail queued, in order; `mails` holds each one's state, as the table does.
        self.outbox: list[Mail] = []
        self.mails: dict[tuple[str, str], OutboxEntry] = {}
        self.spent: dict[str, str] = {}
        self.taken: set[str] = set()

    def add(self, case: Case, mails: Sequence[Mail]) -> Case:
        claimed = self.claims.get((case.kind, case.submission_id))
        if claimed is not None:
            reference, fingerprint = claimed
            if fingerprint != case.fingerprint or reference not in self.cases:
                raise SubmissionIdReused(field="submission_id")
            return self.cases[reference]
        if case.reference in self.cases or case.reference in self.taken:
            raise ReferenceTaken(case.reference)
        for index, upload_id in enumerate(case.attachments):
            if upload_id in self.upload_owners or upload_id in case.attachments[:index]:
                raise AttachmentInUse(field=f"attachments.{index}")
        self.cases[case.reference] = case
        self.upload_owners.update(dict.fromkeys(case.attachments, case.reference))
        self.claims[(case.kind, case.submission_id)] = (case.reference, case.fingerprint)
        self._queue(case, mails, case.received_at)
        return case

    def _queue(self, case: Case, mails: Sequence[Mail], now: datetime) -> None:
        self.outbox.extend(mails)
        for mail in mails:
            self.mails[(case.reference, mail.template)] = OutboxEntry(mail, since=now)

    def get(self, reference: str) -> Case | None:
        return self.cases.get(reference)

    def confirm(self, case: Case, confirmed_at: datetime, mails: Sequence[Mail]) -> Case:
        current = self.cases.get(case.reference)
        if current is not None and current.confirmed_at is not None:
            return current
        if current is None or current.status is not CaseStatus.AWAITING_CONFIRMATION:
            raise ConfirmationFailed()
        confirmed = case.model_copy(
            update={"status": CaseStatus.RECEIVED, "confirmed_at": confirmed_at}
        )
        self.cases[case.reference] = confirmed
        self._queue(case, mails, confirmed_at)
        return confirmed

    def spend_challenge(self, key: str, submission_id: str, until: datetime) -> bool:
        return self.spent.setdefault(key, submission_id) == submission_id

    def add_confirmation_token(self, reference: str, token_hash: str) -> bool:
        case = self.cases.get(reference)
        if case is None or case.status is not CaseStatus.AWAITING_CONFIRMATION:
            return False
        assert case.confirmation is not None  # every awaiting case has one
        hashes = (*case.confirmation.token_hashes, token_hash)
        confirmation = case.confirmation.model_copy(update={"token_hashes": hashes})
        self.cases[reference] = case.model_copy(update={"confirmation": confirmation})
        return True

    def add_mail(self, case: Case, mail: Mail, now: datetime) -> bool:
        if (case.reference, mail.template) in self.mails:
            return False
        self._queue(case, [mail], now)
        return True

    def is_mail_settled(self, reference: str, template: str) -> bool:
        entry = self.mails.get((reference, template))
        return entry is not None and entry.state is not MailState.PENDING

    def pending_mails(self, queued_before: datetime) -> Iterator[Mail]:
        for entry in list(self.mails.values()):
            if entry.state is MailState.PENDING and entry.since < queued_before:
                yield entry.mail

    def count_sweep(self, reference: str, template: str, at: datetime) -> bool:
        entry = self.mails.get((reference, template))
        if entry is None or entry.state is not MailState.PENDING:
            return False
        if entry.sweeps >= MAX_SWEEPS:
            entry.state = MailState.FAILED
            return False
        entry.sweeps += 1
        return True

    def mark_mail(
        self,
        reference: str,
        template: str,
        state: MailState,
        at: datetime,
        message_id: str | None = None,
    ) -> None:
        entry = self.mails.get((reference, template))
        if entry is not None:  # an e-mail gone with its case is left alone
            entry.state = state

    def try_mark_mail_sent(
        self, reference: str, template: str, sent_at: datetime, message_id: str
    ) -> bool:
        self.mark_mail(reference, template, MailState.SENT, sent_at, message_id)
        return True


class FakeUploads:
    def __init__(self, **states: UploadState) -> None:
        self.uploads = {
            upload_id: Upload(id=upload_id, state=state, content_type="application/pdf", size=1000)
            for upload_id, state in states.items()
        }

    def get(self, upload_id: str) -> Upload | None:
        return self.uploads.get(upload_id)

    def presign(
        self, upload_id: str, content_type: str, size: int, now: datetime
    ) -> dict[str, Any]:
        return {
            "url": "https://uploads.example/",
            "fields": {"key": f"incoming/{upload_id}", "Content-Type": content_type},
            "expires_at": now + timedelta(seconds=PRESIGN_SECONDS),
        }


class FakeMailQueue:
    def __init__(self) -> None:
        self.queued: list[Mail] = []

    def enqueue(self, mail: Mail) -> None:
        self.queued.append(mail)


class FakeChallenge:
    """Accepts the solution "solved", refuses anything else; records what it saw."""

    def __init__(self) -> None:
        self.seen: list[tuple[str | None, str]] = []

    def issue(self, now: datetime) -> dict[str, Any]:
        return {"challenge": "fake"}

    def verify(self, solution: str | None, submission_id: str) -> None:
        self.seen.append((solution, submission_id))
        if solution != "solved":
            raise ChallengeFailed(field="challenge")


class FakeRecipientsEngine:
    name: EngineName = "duckdb"
    source = "fake events"

    def __init__(self, counts: Sequence[RecipientCount] = ()) -> None:
        self.counts = list(counts)
        self.asked: list[tuple[date, ...]] = []

    def count_recipients(self, months: Sequence[date], progress: Progress) -> list[RecipientCount]:
        self.asked.append(tuple(months))
        progress(f"counted {len(months)} months")
        return [count for count in self.counts if count.month in months]


class FakeRecordStore:
    def __init__(self) -> None:
        self.saved: list[RecipientsRecord] = []

    def save(self, record: RecipientsRecord) -> str:
        self.saved.append(record)
        return f"memory://records/{len(self.saved)}"


class FakeStaffNotifier:
    def __init__(self) -> None:
        self.computed: list[tuple[RecipientsRecord, str]] = []

    def recipients_computed(self, record: RecipientsRecord, location: str) -> None:
        self.computed.append((record, location))


class FakeStatementOutbox:
    """
    The statements' outbox items (`SOR#<puid>`) in memory, with DynamoStatementOutbox's
    conditions: only a stored statement is settled, and never from one state to the other.
    """

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], dict[str, Any]] = {}

    def add(self, queued: QueuedStatement, state: str = SubmissionState.PENDING) -> None:
        self.items[(queued.reference, queued.puid)] = {"state": SubmissionState(state)}

    def state(self, reference: str, puid: str) -> SubmissionState | None:
        item = self.items.get((reference, puid))
        return None if item is None else SubmissionState(item["state"])

    def _settle(self, reference: str, puid: str, state: SubmissionState, **values: Any) -> bool:
        item = self.items.get((reference, puid))
        if item is None or item["state"] not in {SubmissionState.PENDING, state}:
            return False
        item.update(state=state, **values)
        return True

    def mark_submitted(
        self, reference: str, puid: str, at: datetime, database_uuid: str | None
    ) -> bool:
        values = {"submitted_at": at} | ({"database_uuid": database_uuid} if database_uuid else {})
        return self._settle(reference, puid, SubmissionState.SUBMITTED, **values)

    def mark_rejected(self, reference: str, puid: str, at: datetime, message: str) -> bool:
        return self._settle(
            reference, puid, SubmissionState.REJECTED, rejected_at=at, database_message=message
        )


class FakeTransparencyDatabase:
    """
    The Transparency Database port over the local stand-in's rules and store, recording
    each call's PUIDs and each lookup. `failures`: raised by the next calls, in order,
    before anything is stored; `lost_answers`: how many next calls the stand-in stores and
    then answers 502. `lagging`: PUIDs the existing-puid lookup does not see yet.
    """

    def __init__(self) -> None:
        self.stand_in = TransparencyDatabase()
        self.failures: list[DatabaseBusy] = []
        self.lost_answers = 0
        self.lookup_failures: list[DatabaseBusy] = []
        self.lagging: set[str] = set()
        self.calls: list[list[str]] = []
        self.lookups: list[str] = []

    def submit(self, statements: Sequence[dict[str, Any]]) -> Stored | Refused:
        self.calls.append([str(statement.get("puid")) for statement in statements])
        if self.failures:
            raise self.failures.pop(0)
        status, body = self.stand_in.post_statements(
            {"statements": list(statements)}, {}, datetime(2026, 11, 22, 10, 0)
        )
        if self.lost_answers:
            self.lost_answers -= 1
            raise DatabaseBusy("502", may_have_stored=True)
        if status == 201:
            return Stored({item["puid"]: item["uuid"] for item in body["statements"]})
        return refusal(body)

    def find(self, puid: str) -> tuple[bool, str | None]:
        self.lookups.append(puid)
        if self.lookup_failures:
            raise self.lookup_failures.pop(0)
        status, body = self.stand_in.existing_puid(puid, {})
        if status == 302 and puid not in self.lagging:
            return True, body.get("uuid")
        return False, None

    def stored_puids(self) -> list[str]:
        return [str(statement["puid"]) for statement in self.stand_in.statements()]


class FakeTableExporter:
    """Exports that stay in progress until `finish` says how they ended."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.states: dict[str, tuple[ExportState, str | None]] = {}

    def start(self, prefix: str) -> str:
        arn = f"arn:aws:dynamodb:eu-west-3:123456789012:table/cases/export/{len(self.started)}"
        self.started.append(prefix)
        self.states[arn] = (ExportState.IN_PROGRESS, None)
        return arn

    def finish(self, arn: str, state: ExportState, failure: str | None = None) -> None:
        self.states[arn] = (state, failure)

    def describe(self, arn: str) -> tuple[ExportState, str, str | None]:
        state, failure = self.states[arn]
        return state, f"s3://exports/{arn.rsplit('/', 1)[-1]}/data/", failure


class FakeDraftStore:
    def __init__(self) -> None:
        self.drafts: dict[str, ReportDraft] = {}

    def save(self, draft: ReportDraft) -> None:
        self.drafts[draft.id] = draft

    def list(self) -> list[ReportDraft]:
        return sorted(self.drafts.values(), key=lambda draft: draft.requested_at, reverse=True)

    def download_url(self, draft: ReportDraft, name: str) -> str:
        return f"https://drafts.example/{draft.id}/{name}?expires=300"


class FakeReportDraftNotifier:
    def __init__(self) -> None:
        self.finished: list[ReportDraft] = []

    def report_draft_finished(self, draft: ReportDraft) -> None:
        self.finished.append(draft)
