"""The shared SQL (what Athena runs, too) run by DuckDB over six months at once."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from portal.adapters.recipients_duckdb import events_relation
from portal.adapters.recipients_sql import monthly_recipients_sql
from portal.domain.recipients import RecipientCount
from tests.recipients_reference import (
    FIRST_HALF_2026,
    Event,
    random_events,
    reference_counts,
    write_parquet,
)


def run_shared_sql(
    tmp_path: Path, events: list[Event], months: tuple[date, ...]
) -> set[RecipientCount]:
    path = write_parquet(tmp_path / "events.parquet", events)
    with duckdb.connect() as connection:
        connection.execute("SET TimeZone = 'UTC'")
        sql = monthly_recipients_sql(events_relation(str(path)), months)
        rows = connection.execute(sql).fetchall()
    return {RecipientCount(*row) for row in rows}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_shared_sql_agrees_with_the_reference_on_random_events(tmp_path: Path, seed: int) -> None:
    events = random_events(seed, date(2025, 12, 1), 3000)

    counted = run_shared_sql(tmp_path, events, FIRST_HALF_2026)

    assert counted == reference_counts(events, FIRST_HALF_2026)
    assert len(counted) > 6 * 5


def test_events_on_either_side_of_midnight_count_in_their_own_month(tmp_path: Path) -> None:
    events = [
        Event("last-instant-of-january", at("2026-01-31T23:59:59.999"), "DE"),
        Event("first-instant-of-february", at("2026-02-01T00:00:00"), "DE"),
        Event("last-instant-of-december", at("2025-12-31T23:59:59.999"), "DE"),
        Event("first-instant-of-july", at("2026-07-01T00:00:00"), "DE"),
    ]

    counted = run_shared_sql(tmp_path, events, FIRST_HALF_2026)

    assert counted == {
        RecipientCount(date(2026, 1, 1), None, 1),
        RecipientCount(date(2026, 1, 1), "DE", 1),
        RecipientCount(date(2026, 2, 1), None, 1),
        RecipientCount(date(2026, 2, 1), "DE", 1),
    }


def test_greece_written_gr_or_el_is_one_member_state(tmp_path: Path) -> None:
    march = at("2026-03-10T12:00:00")
    events = [
        Event("athens", march, "GR"),
        Event("athens", march, "EL"),
        Event("thessaloniki", march, "el"),
        Event("patras", march, " gr "),
    ]

    counted = run_shared_sql(tmp_path, events, FIRST_HALF_2026)

    assert counted == {
        RecipientCount(date(2026, 3, 1), None, 3),
        RecipientCount(date(2026, 3, 1), "GR", 3),
    }


def test_bots_and_places_outside_the_union_are_not_counted(tmp_path: Path) -> None:
    april = at("2026-04-02T08:00:00")
    events = [
        Event("crawler", april, "FR", is_bot=True),
        Event("london", april, "GB"),
        Event("oslo", april, "NO"),
        Event("zurich", april, "CH"),
        Event("unknown", april, ""),
        Event("lyon", april, "FR"),
    ]

    counted = run_shared_sql(tmp_path, events, FIRST_HALF_2026)

    assert counted == {
        RecipientCount(date(2026, 4, 1), None, 1),
        RecipientCount(date(2026, 4, 1), "FR", 1),
    }


def test_person_active_in_two_member_states_counts_once_in_the_union_and_in_each(
    tmp_path: Path,
) -> None:
    may = at("2026-05-05T09:00:00")
    events = [
        Event("commuter", may, "BE"),
        Event("commuter", may + timedelta(hours=9), "NL"),
        Event("commuter", may + timedelta(days=1), "BE"),
        Event("local", may, "NL"),
    ]

    counted = run_shared_sql(tmp_path, events, FIRST_HALF_2026)

    assert counted == {
        RecipientCount(date(2026, 5, 1), None, 2),
        RecipientCount(date(2026, 5, 1), "BE", 1),
        RecipientCount(date(2026, 5, 1), "NL", 2),
    }


def test_same_person_in_two_months_counts_in_each_month(tmp_path: Path) -> None:
    events = [
        Event("regular", at("2026-01-15T10:00:00"), "PL"),
        Event("regular", at("2026-02-15T10:00:00"), "PL"),
    ]

    counted = run_shared_sql(tmp_path, events, FIRST_HALF_2026)

    assert {(c.month, c.recipients) for c in counted if c.member_state is None} == {
        (date(2026, 1, 1), 1),
        (date(2026, 2, 1), 1),
    }
