"""
What the Athena engines (active recipients, transparency report) share: start a query in
a workgroup, poll its state with a growing interval for at most `max_wait_seconds` (then
stop it), and read every page of its result.
"""

import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from portal.domain.errors import CountingError, CountingTimeoutError
from portal.domain.recipients import Progress

_FINISHED = ("SUCCEEDED", "FAILED", "CANCELLED")
ENGINE = "athena"


class AthenaQueries:
    def __init__(
        self,
        client: Any,
        *,
        database: str,
        workgroup: str,
        output_location: str | None = None,
        max_wait_seconds: float = 600.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.database = database
        self.workgroup = workgroup
        self._output_location = output_location
        self._max_wait_seconds = max_wait_seconds
        self._sleep = sleep
        self._clock = clock

    def start(self, sql: str) -> str:
        request: dict[str, Any] = {
            "QueryString": sql,
            "QueryExecutionContext": {"Database": self.database},
            "WorkGroup": self.workgroup,
        }
        if self._output_location:
            request["ResultConfiguration"] = {"OutputLocation": self._output_location}
        query_id: str = self.client.start_query_execution(**request)["QueryExecutionId"]
        return query_id

    def wait(self, query_id: str, progress: Progress) -> None:
        started = self._clock()
        interval = 1.0
        while True:
            execution = self.client.get_query_execution(QueryExecutionId=query_id)
            status = execution["QueryExecution"]["Status"]
            state = status["State"]
            elapsed = self._clock() - started
            if state in _FINISHED:
                break
            if elapsed >= self._max_wait_seconds:
                self.client.stop_query_execution(QueryExecutionId=query_id)
                raise CountingTimeoutError(engine=ENGINE, seconds=self._max_wait_seconds)
            progress(f"Athena query {query_id}: {state.lower()} after {elapsed:.0f} s")
            self._sleep(min(interval, self._max_wait_seconds - elapsed))
            interval = min(interval * 2, 15.0)
        if state != "SUCCEEDED":
            reason = status.get("StateChangeReason", state)
            raise CountingError(engine=ENGINE, detail=f"query {query_id}: {reason}")

    def rows(self, query_id: str, columns: Sequence[str]) -> Iterator[list[str | None]]:
        pages = self.client.get_paginator("get_query_results").paginate(QueryExecutionId=query_id)
        rows = (row for page in pages for row in page["ResultSet"]["Rows"])
        for index, row in enumerate(rows):
            values = [cell.get("VarCharValue") for cell in row["Data"]]
            # Athena repeats the column names as the first row of a SELECT's result.
            if index > 0 or tuple(values) != tuple(columns):
                yield values
