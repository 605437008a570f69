from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from portal.adapters.recipients_duckdb import DuckDBRecipientsEngine
from portal.domain.errors import CountingError
from portal.domain.recipients import RecipientCount
from tests.recipients_reference import (
    FIRST_HALF_2026,
    Event,
    random_events,
    reference_counts,
    write_csv,
    write_distinct_recipients,
    write_parquet,
)


def count(events: str, months: tuple[date, ...], **options: object) -> set[RecipientCount]:
    engine = DuckDBRecipientsEngine(events, **options)  # type: ignore[arg-type]
    return set(engine.count_recipients(months, lambda _: None))


def test_engine_counts_a_glob_of_parquet_files_like_the_reference(tmp_path: Path) -> None:
    events = random_events(11, date(2025, 12, 1), 4000)
    for part in range(4):
        write_parquet(tmp_path / f"part-{part}.parquet", events[part::4])

    counted = count(str(tmp_path / "part-*.parquet"), FIRST_HALF_2026)

    assert counted == reference_counts(events, FIRST_HALF_2026)


def test_engine_counts_a_csv_file_like_the_reference(tmp_path: Path) -> None:
    events = random_events(12, date(2025, 12, 1), 2000)
    path = write_csv(tmp_path / "events.csv", events)

    counted = count(str(path), FIRST_HALF_2026)

    assert counted == reference_counts(events, FIRST_HALF_2026)


def test_engine_counts_naive_timestamps_as_utc(tmp_path: Path) -> None:
    events = random_events(13, date(2025, 12, 1), 2000)
    path = write_parquet(tmp_path / "events.parquet", events, time_zone=None)

    counted = count(str(path), FIRST_HALF_2026)

    assert counted == reference_counts(events, FIRST_HALF_2026)


def test_engine_cuts_months_in_utc_whatever_the_machine_time_zone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")  # DuckDB takes its default time zone from here
    late_january_utc = datetime(2026, 1, 31, 20, 0, tzinfo=UTC)  # 1 February in Tokyo
    path = write_parquet(tmp_path / "events.parquet", [Event("r1", late_january_utc, "AT")])

    counted = count(str(path), FIRST_HALF_2026)

    assert RecipientCount(date(2026, 1, 1), "AT", 1) in counted
    assert all(c.month == date(2026, 1, 1) for c in counted)


def test_engine_spills_to_disk_rather_than_fail_under_a_small_memory_limit(tmp_path: Path) -> None:
    path = write_distinct_recipients(
        tmp_path / "events.parquet", 300_000, datetime(2026, 2, 3, tzinfo=UTC), "IT"
    )

    counted = count(str(path), FIRST_HALF_2026, memory_limit="24MB", threads=1)

    assert RecipientCount(date(2026, 2, 1), None, 300_000) in counted
    assert RecipientCount(date(2026, 2, 1), "IT", 300_000) in counted


def test_engine_reports_each_month_as_it_is_counted(tmp_path: Path) -> None:
    path = write_parquet(
        tmp_path / "events.parquet", [Event("r1", datetime(2026, 4, 9, tzinfo=UTC), "LU")]
    )
    messages: list[str] = []

    DuckDBRecipientsEngine(str(path)).count_recipients(FIRST_HALF_2026, messages.append)

    assert messages[0] == "2026-01: 0 recipients in the Union"
    assert messages[3] == "2026-04: 1 recipients in the Union"
    assert len(messages) == 6


def test_no_file_matching_the_events_path_is_a_counting_error(tmp_path: Path) -> None:
    with pytest.raises(CountingError) as raised:
        count(str(tmp_path / "nothing-*.parquet"), FIRST_HALF_2026)

    assert "No files found" in str(raised.value.params["detail"])


def test_events_without_a_bot_flag_are_a_counting_error(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    pq.write_table(
        pa.table(
            {
                "recipient_id": ["r1"],
                "occurred_at": pa.array([datetime(2026, 1, 2)], pa.timestamp("ms")),
                "country": ["FR"],
            }
        ),
        path,
    )

    with pytest.raises(CountingError) as raised:
        count(str(path), FIRST_HALF_2026)

    assert "is_bot" in str(raised.value.params["detail"])
