"""
What the DuckDB engines (active recipients, transparency report) share: an in-process
connection that spills to a temporary directory beyond its memory limit, and a query run in
a thread while the caller's thread reports its progress now and then.
"""

import threading
from pathlib import Path
from typing import Any

import duckdb

from portal.domain.errors import CountingError
from portal.domain.recipients import Progress

# How often a running query reports how far it got.
PROGRESS_SECONDS = 5.0


def connect(memory_limit: str, threads: int | None, spill: Path) -> duckdb.DuckDBPyConnection:
    """A connection for one computation; `threads=None` lets DuckDB use every core."""
    config: dict[str, str | bool | int | float | list[str]] = {
        "memory_limit": memory_limit,
        "temp_directory": str(spill),
        "preserve_insertion_order": False,
    }
    if threads is not None:
        config["threads"] = threads
    connection = duckdb.connect(config=config)
    # Period boundaries are UTC instants, whatever the machine's time zone.
    connection.execute("SET TimeZone = 'UTC'")
    # Progress is polled with query_progress(); DuckDB itself prints nothing.
    connection.execute("SET enable_progress_bar = true")
    connection.execute("SET enable_progress_bar_print = false")
    return connection


def run_reporting_progress(
    connection: duckdb.DuckDBPyConnection, sql: str, label: str, progress: Progress
) -> list[tuple[Any, ...]]:
    """Run `sql` in a thread while this one reports the query's progress now and then."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["rows"] = connection.execute(sql).fetchall()
        except duckdb.Error as error:
            outcome["error"] = error

    worker = threading.Thread(target=run, name=f"query-{label}", daemon=True)
    worker.start()
    worker.join(PROGRESS_SECONDS)
    while worker.is_alive():
        done = connection.query_progress()
        if done >= 0:
            progress(f"{label}: {done:.0f}% done")
        worker.join(PROGRESS_SECONDS)
    if "error" in outcome:
        error = outcome["error"]
        # DuckDB's first line says what is wrong; the rest repeats the SQL.
        raise CountingError(engine="duckdb", detail=str(error).splitlines()[0]) from error
    rows: list[tuple[Any, ...]] = outcome["rows"]
    return rows
