from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from portal.domain.errors import PeriodNotOverError
from portal.domain.months import period_months
from portal.workers.recipients_job import run_recipients_job
from tests.fakes import FakeRecipientsEngine, FakeRecordStore, FakeStaffNotifier

NOW = datetime(2026, 1, 1, 0, 0, 1, tzinfo=UTC)


def test_without_a_period_the_job_counts_the_six_months_ending_last_month() -> None:
    engine, store, notifier = FakeRecipientsEngine(), FakeRecordStore(), FakeStaffNotifier()

    run_recipients_job({}, engine=engine, store=store, notifier=notifier, now=NOW)

    assert engine.asked == [period_months(date(2025, 12, 1))]
    assert [record.period_end for record in store.saved] == [date(2025, 12, 31)]
    assert notifier.computed == [(store.saved[0], "memory://records/1")]


def test_job_refuses_a_period_that_has_not_ended_and_tells_nobody() -> None:
    store, notifier = FakeRecordStore(), FakeStaffNotifier()

    with pytest.raises(PeriodNotOverError):
        run_recipients_job(
            {"period_end": "2026-01"},
            engine=FakeRecipientsEngine(),
            store=store,
            notifier=notifier,
            now=NOW,
        )

    assert (store.saved, notifier.computed) == ([], [])


@pytest.mark.parametrize("event", [{"periodEnd": "2025-12"}, {"period_end": "December"}])
def test_job_refuses_an_event_it_does_not_understand(event: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        run_recipients_job(
            event,
            engine=FakeRecipientsEngine(),
            store=FakeRecordStore(),
            notifier=FakeStaffNotifier(),
            now=NOW,
        )
