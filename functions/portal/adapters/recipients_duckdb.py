"""
The embedded engine: DuckDB counts recipients in Parquet (or CSV) files on disk, one month
per query, so memory holds one month's distinct recipients at most and spills beyond
`memory_limit`; the events never pass through Python.
"""

import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import duckdb

from portal.adapters.duckdb_runs import connect, run_reporting_progress
from portal.adapters.recipients_sql import monthly_recipients_sql
from portal.domain.months import format_month
from portal.domain.recipients import EngineName, Progress, RecipientCount

# Read CSV columns with these types whatever they look like (a CSV has no schema).
_CSV_TYPES = (
    "{'recipient_id': 'VARCHAR', 'occurred_at': 'TIMESTAMPTZ', 'country': 'VARCHAR', "
    "'is_bot': 'BOOLEAN'}"
)
_CSV_SUFFIXES = (".csv", ".csv.gz")


def events_relation(events: str) -> str:
    """The DuckDB table function reading `events`, a path or glob of Parquet or CSV files."""
    path = events.replace("'", "''")
    if events.lower().endswith(_CSV_SUFFIXES):
        return f"read_csv('{path}', header = true, types = {_CSV_TYPES})"
    return f"read_parquet('{path}', union_by_name = true)"


class DuckDBRecipientsEngine:
    """Counts with an in-process DuckDB; `threads=None` lets DuckDB use every core."""

    name: EngineName = "duckdb"

    def __init__(
        self,
        events: str,
        *,
        memory_limit: str = "1GB",
        threads: int | None = None,
    ) -> None:
        self.source = events
        self._memory_limit = memory_limit
        self._threads = threads

    def count_recipients(self, months: Sequence[date], progress: Progress) -> list[RecipientCount]:
        # Spilled data goes under TMPDIR (tempfile's rule) and is removed afterwards.
        with tempfile.TemporaryDirectory(prefix="portal-recipients-") as spill:
            connection = connect(self._memory_limit, self._threads, Path(spill))
            try:
                return [row for month in months for row in self._count(connection, month, progress)]
            finally:
                connection.close()

    def _count(
        self, connection: duckdb.DuckDBPyConnection, month: date, progress: Progress
    ) -> list[RecipientCount]:
        sql = monthly_recipients_sql(events_relation(self.source), [month])
        rows = run_reporting_progress(connection, sql, format_month(month), progress)
        counts = [RecipientCount(row[0], row[1], int(row[2])) for row in rows]
        union = next((c.recipients for c in counts if c.member_state is None), 0)
        progress(f"{format_month(month)}: {union:,} recipients in the Union")
        return counts
