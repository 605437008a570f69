"""
The embedded engine of the transparency report: DuckDB reads an export of the cases table
(ExportTableToPointInTime's gzipped DYNAMODB_JSON lines) from disk in one query; the items
never pass through Python, and memory stays within `memory_limit`, spilling beyond.
"""

import tempfile
from pathlib import Path

from portal.adapters.duckdb_runs import connect, run_reporting_progress
from portal.adapters.report_sql import DUCKDB, SOURCE_COLUMNS, flatten_sql, tally_sql
from portal.domain.recipients import EngineName, Progress
from portal.domain.transparency_report import Period, Tally


def export_relation(export: Path) -> str:
    """
    Every data file under `export` (AWSDynamoDB/<id>/data/*.gz) as the columns the report
    reads: each line is parsed once, for every attribute at a time (a list of paths). Every
    item goes on, not only the cases and decisions: a filter here would be pushed below the
    parse and parse each line twice (a quarter more CPU); the tally picks its items.
    """
    pattern = str(export / "**" / "data" / "*.gz").replace("'", "''")
    paths = ", ".join(f"'$.Item.{name}.S'" for name in SOURCE_COLUMNS)
    columns = ", ".join(f"v[{n}] AS {name}" for n, name in enumerate(SOURCE_COLUMNS, start=1))
    return (
        f"(SELECT {columns} FROM (SELECT json_extract_string(json, [{paths}]) AS v "  # noqa: S608 (a path, quotes doubled)
        f"FROM read_ndjson_objects('{pattern}', compression = 'gzip')) AS lines "
        "WHERE v[2] IN ('CASE', 'DECISION'))"
    )


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
        # Two steps: the export is read and parsed once into a narrow table, which the
        # tally then reads several times (each case kind, the contested decisions).
        flatten = flatten_sql(export_relation(self.export), DUCKDB)
        with tempfile.TemporaryDirectory(prefix="portal-report-") as spill:
            connection = connect(self._memory_limit, self._threads, Path(spill))
            try:
                run_reporting_progress(
                    connection, f"CREATE TEMP TABLE report_items AS {flatten}", "export", progress
                )
                sql = tally_sql("report_items", period, DUCKDB)
                rows = run_reporting_progress(connection, sql, "report", progress)
            finally:
                connection.close()
        return [
            Tally(str(m), str(c), str(k), str(s), int(n), None if h is None else float(h))
            for m, c, k, s, n, h in rows
        ]
