"""
The embedded engine of the transparency report: DuckDB reads an export of the cases table
(ExportTableToPointInTime's gzipped DYNAMODB_JSON lines) from disk in one query; the items
never pass through Python, and memory stays within `memory_limit`, spilling beyond.
"""

import tempfile
from pathlib import Path

from portal.adapters.duckdb_runs import connect, run_reporting_progress
from portal.adapters.report_sql import DUCKDB, report_sql
from portal.domain.recipients import EngineName, Progress
from portal.domain.transparency_report import Period, Tally


def export_relation(export: Path) -> str:
    """Every data file under `export` (AWSDynamoDB/<id>/data/*.gz), one `line` per item."""
    pattern = str(export / "**" / "data" / "*.gz").replace("'", "''")
    return f"(SELECT json AS line FROM read_ndjson_objects('{pattern}', compression = 'gzip'))"  # noqa: S608 (a path, quotes doubled)


class DuckDBReportEngine:
    name: EngineName = "duckdb"

    def __init__(
        self, export: Path, *, memory_limit: str = "1GB", threads: int | None = None
    ) -> None:
        self.export = export
        self.source = str(export)
        self._memory_limit = memory_limit
        self._threads = threads

    def tally(self, period: Period, progress: Progress) -> list[Tally]:
        sql = report_sql(export_relation(self.export), period, DUCKDB)
        with tempfile.TemporaryDirectory(prefix="portal-report-") as spill:
            connection = connect(self._memory_limit, self._threads, Path(spill))
            try:
                rows = run_reporting_progress(connection, sql, "report", progress)
            finally:
                connection.close()
        return [
            Tally(str(m), str(c), str(k), str(s), int(n), None if h is None else float(h))
            for m, c, k, s, n, h in rows
        ]
