"""
Drafts of the transparency report, made in two steps around an export of the cases table:
the period checked, the export started and the draft recorded, then each export that ended
counted (or failed) and legal staff told.
"""

from datetime import UTC, date, datetime, timedelta

import pytest

from portal.adapters.staff_notifier import report_draft_mail
from portal.domain.errors import CountingError, InvalidSubmission
from portal.domain.report_drafts import (
    SCHEDULE,
    DraftStatus,
    ExportState,
    ReportDraft,
    check_period,
    finish_drafts,
    last_year,
    start_draft,
)
from portal.domain.transparency_report import Period
from portal.mail.render import render
from tests.fakes import FakeDraftStore, FakeReportDraftNotifier, FakeTableExporter

NOW = datetime(2027, 1, 2, 5, 0, tzinfo=UTC)
YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))
FILES = ("3_orders.csv", "transparency-report.xlsx")


def started(exporter: FakeTableExporter, store: FakeDraftStore) -> ReportDraft:
    return start_draft(YEAR, SCHEDULE, now=NOW, exporter=exporter, store=store)


def finish(
    exporter: FakeTableExporter,
    store: FakeDraftStore,
    notifier: FakeReportDraftNotifier,
    now: datetime = NOW,
) -> list[ReportDraft]:
    counted: list[tuple[str, str]] = []

    def make_files(draft: ReportDraft, location: str) -> tuple[str, ...]:
        counted.append((draft.id, location))
        if draft.period_start.year == 2020:
            raise CountingError(engine="athena", detail="query failed")
        return FILES

    return finish_drafts(
        now=now, exporter=exporter, store=store, make_files=make_files, notifier=notifier
    )


def test_the_schedule_drafts_the_calendar_year_that_ended() -> None:
    assert last_year(NOW) == YEAR


@pytest.mark.parametrize(
    ("start", "end", "code", "field"),
    [
        (date(2026, 6, 1), date(2026, 5, 31), "period_reversed", "to"),
        (date(2026, 12, 1), date(2027, 1, 3), "period_in_future", "to"),
        (date(2025, 12, 31), date(2026, 12, 31), "period_too_long", "from"),
    ],
)
def test_a_period_that_cannot_be_drafted_is_refused_on_its_field(
    start: date, end: date, code: str, field: str
) -> None:
    with pytest.raises(InvalidSubmission) as refused:
        check_period(start, end, NOW.date())

    assert (refused.value.code, refused.value.field) == (code, field)


def test_a_leap_year_is_not_too_long() -> None:
    period = check_period(date(2024, 1, 1), date(2024, 12, 31), NOW.date())

    assert period.end == date(2024, 12, 31)
    assert check_period(date(2024, 2, 29), date(2025, 2, 28), NOW.date()).start.day == 29


def test_a_draft_starts_an_export_and_is_recorded_as_exporting() -> None:
    exporter, store = FakeTableExporter(), FakeDraftStore()

    draft = started(exporter, store)

    assert exporter.started == [f"exports/{draft.id}"]
    assert store.list() == [draft]
    assert draft.status == DraftStatus.EXPORTING
    assert draft.id.startswith("2026-01-01_2026-12-31_")


def test_a_draft_waits_while_its_export_runs() -> None:
    exporter, store, notifier = FakeTableExporter(), FakeDraftStore(), FakeReportDraftNotifier()
    draft = started(exporter, store)

    finished = finish(exporter, store, notifier, NOW + timedelta(minutes=5))

    assert finished == []
    assert notifier.finished == []
    assert store.list()[0].status == DraftStatus.EXPORTING
    assert draft.export_arn is not None


def test_a_finished_export_is_counted_kept_and_told_once() -> None:
    exporter, store, notifier = FakeTableExporter(), FakeDraftStore(), FakeReportDraftNotifier()
    draft = started(exporter, store)
    assert draft.export_arn is not None
    exporter.finish(draft.export_arn, ExportState.COMPLETED)

    finish(exporter, store, notifier)
    again = finish(exporter, store, notifier)

    kept = store.list()[0]
    assert (kept.status, kept.files, kept.finished_at) == (DraftStatus.READY, FILES, NOW)
    assert notifier.finished == [kept]
    assert again == []


def test_a_failed_export_or_count_fails_the_draft_and_says_why() -> None:
    exporter, store, notifier = FakeTableExporter(), FakeDraftStore(), FakeReportDraftNotifier()
    first = started(exporter, store)
    old = start_draft(
        Period(date(2020, 1, 1), date(2020, 12, 31)),
        "legal.staff@example.com",
        now=NOW - timedelta(seconds=1),
        exporter=exporter,
        store=store,
    )
    assert first.export_arn and old.export_arn
    exporter.finish(first.export_arn, ExportState.FAILED, "point-in-time recovery is off")
    exporter.finish(old.export_arn, ExportState.COMPLETED)

    finish(exporter, store, notifier)

    failures = {draft.id: draft.failure for draft in store.list()}
    assert failures == {
        first.id: "export failed: point-in-time recovery is off",
        old.id: "counting failed: query failed",
    }
    assert {draft.status for draft in notifier.finished} == {DraftStatus.FAILED}


def test_an_export_running_for_a_day_is_given_up() -> None:
    exporter, store, notifier = FakeTableExporter(), FakeDraftStore(), FakeReportDraftNotifier()
    started(exporter, store)

    finish(exporter, store, notifier, NOW + timedelta(days=1, minutes=1))

    assert store.list()[0].status == DraftStatus.FAILED
    assert "in_progress" in str(store.list()[0].failure)


def test_legal_staff_are_told_the_period_and_files_in_their_mailbox() -> None:
    draft = ReportDraft(
        id="2026-01-01_2026-12-31_20270102T050000Z",
        period_start=YEAR.start,
        period_end=YEAR.end,
        requested_by=SCHEDULE,
        requested_at=NOW,
        status=DraftStatus.READY,
        files=FILES,
        finished_at=NOW,
    )

    mail = report_draft_mail(draft, "https://legal.example/staff/")
    rendered = render(mail, "https://legal.example/")

    assert mail.to_staff == "legal"
    assert "2026-01-01 to 2026-12-31 is ready" in rendered.subject
    assert "3_orders.csv, transparency-report.xlsx" in rendered.text
    assert "https://legal.example/staff/" in rendered.text
