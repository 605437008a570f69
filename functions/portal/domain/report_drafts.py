"""
Drafts of the transparency report (Art. 15 and 24(1) DSA) made without a person at the
keyboard: after each reporting period by a schedule, or for any period a member of legal
staff asks for in the console. A draft is made in two steps, since an export of the cases
table (ExportTableToPointInTime, never a scan of the live table) takes minutes: the export
is started and the draft recorded; a later pass finds the export done, counts it, keeps the
files and tells legal staff by e-mail.
"""

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from portal.domain.errors import DomainError, InvalidSubmission
from portal.domain.transparency_report import Period

if TYPE_CHECKING:  # ports.py names this module's models
    from portal.domain.ports import DraftStore, ReportDraftNotifier, TableExporter

SCHEDULE = "schedule"  # who asked for a draft the schedule made


class DraftStatus(StrEnum):
    EXPORTING = "exporting"  # the export runs; nothing counted yet
    READY = "ready"  # the files are kept
    FAILED = "failed"  # the export or the count failed; `failure` says which


class ExportState(StrEnum):
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"


class ReportDraft(BaseModel):
    """One draft and where it stands; kept beside its files."""

    model_config = ConfigDict(frozen=True)

    id: str
    period_start: date
    period_end: date
    requested_by: str  # SCHEDULE, or the member of staff's address
    requested_at: datetime
    status: DraftStatus = DraftStatus.EXPORTING
    export_arn: str | None = None
    files: tuple[str, ...] = ()
    finished_at: datetime | None = None
    failure: str | None = None

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end)


def check_period(start: date, end: date, today: date) -> Period:
    """
    A period a draft can be made of: in order, not in the future (today's cases so far count
    in a draft that ends today), at most a year.
    """
    if end < start:
        raise InvalidSubmission("period_reversed", field="to")
    if end > today:
        raise InvalidSubmission("period_in_future", field="to")
    # At most a year (Art. 15(1) DSA: reports are yearly): it ends before the same day a
    # year on (1 March for 29 February).
    if end >= _a_year_on(start):
        raise InvalidSubmission("period_too_long", field="from")
    return Period(start, end)


def _a_year_on(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return date(day.year + 1, 3, 1)


def last_year(now: datetime) -> Period:
    """The calendar year before `now`'s: the reporting period the schedule drafts."""
    year = now.year - 1
    return Period(date(year, 1, 1), date(year, 12, 31))


def draft_id(period: Period, at: datetime) -> str:
    return f"{period.start.isoformat()}_{period.end.isoformat()}_{at.strftime('%Y%m%dT%H%M%SZ')}"


def start_draft(
    period: Period,
    requested_by: str,
    *,
    now: datetime,
    exporter: "TableExporter",
    store: "DraftStore",
) -> ReportDraft:
    """Start the export of the cases table for a draft of `period`, and record the draft."""
    identifier = draft_id(period, now)
    arn = exporter.start(prefix=f"exports/{identifier}")
    draft = ReportDraft(
        id=identifier,
        period_start=period.start,
        period_end=period.end,
        requested_by=requested_by,
        requested_at=now,
        export_arn=arn,
    )
    store.save(draft)
    return draft


# Counts the export at its location (s3://.../data/) into the draft's files, kept beside
# the draft; returns their names.
MakeFiles = Callable[[ReportDraft, str], Sequence[str]]


def finish_drafts(
    *,
    now: datetime,
    exporter: "TableExporter",
    store: "DraftStore",
    make_files: MakeFiles,
    notifier: "ReportDraftNotifier",
    give_up_after: timedelta = timedelta(days=1),
) -> list[ReportDraft]:
    """
    Every draft whose export has ended: counted and kept (ready), or failed; legal staff
    are told either way. An export still running after `give_up_after` is failed too.
    Returns the drafts this pass finished.
    """
    finished = []
    for draft in store.list():
        if draft.status != DraftStatus.EXPORTING or draft.export_arn is None:
            continue
        state, location, failure = exporter.describe(draft.export_arn)
        if state == ExportState.IN_PROGRESS and now - draft.requested_at < give_up_after:
            continue
        if state == ExportState.COMPLETED:
            try:
                files = tuple(make_files(draft, location))
            except DomainError as error:  # what the engine or the inputs refused
                detail = error.params.get("detail", error.code)
                done = _failed(draft, now, f"counting failed: {detail}")
            else:
                done = draft.model_copy(
                    update={"status": DraftStatus.READY, "files": files, "finished_at": now}
                )
        else:
            done = _failed(draft, now, f"export {state.lower()}: {failure or 'no reason given'}")
        store.save(done)
        notifier.report_draft_finished(done)
        finished.append(done)
    return finished


def _failed(draft: ReportDraft, now: datetime, failure: str) -> ReportDraft:
    return draft.model_copy(
        update={"status": DraftStatus.FAILED, "finished_at": now, "failure": failure}
    )
