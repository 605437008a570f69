from pathlib import Path

import duckdb

from portal.recipients.sample import write_sample
from tests.recipients_reference import FIRST_HALF_2026


def test_sample_has_the_documented_columns_and_the_awkward_cases(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"

    write_sample(path, rows=20_000, months=FIRST_HALF_2026)

    with duckdb.connect() as connection:
        connection.execute("SET TimeZone = 'UTC'")
        connection.read_parquet(str(path)).create_view("events")
        columns = connection.execute("DESCRIBE events").fetchall()
        stats = connection.execute(
            """SELECT count(*), count(DISTINCT strftime(occurred_at, '%Y-%m')),
                min(occurred_at) >= TIMESTAMPTZ '2026-01-01 00:00:00+00',
                max(occurred_at) < TIMESTAMPTZ '2026-07-01 00:00:00+00',
                count(*) FILTER (is_bot), count(*) FILTER (country = 'EL'),
                count(*) FILTER (country IN ('GB', 'CH', 'NO', 'US'))
            FROM events"""
        ).fetchone()
    assert [(name, kind) for name, kind, *_ in columns] == [
        ("recipient_id", "VARCHAR"),
        ("occurred_at", "TIMESTAMP WITH TIME ZONE"),
        ("country", "VARCHAR"),
        ("is_bot", "BOOLEAN"),
    ]
    assert stats is not None
    rows, months, starts_in_window, ends_in_window, bots, greek_el, outside = stats
    assert (rows, months, starts_in_window, ends_in_window) == (20_000, 6, True, True)
    assert 200 < bots < 600
    assert greek_el > 50
    assert outside > 500


def test_sample_as_csv_has_a_header_and_one_line_per_event(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"

    write_sample(path, rows=500, months=FIRST_HALF_2026[:2])

    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "recipient_id,occurred_at,country,is_bot"
    assert len(lines) == 501
    assert lines[1].split(",")[1].startswith("2026-01-")
    assert lines[-1].split(",")[1].startswith("2026-02-")
