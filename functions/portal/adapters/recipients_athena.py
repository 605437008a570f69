"""
The production engine: Athena runs the shared SQL over the analytics events (a Glue table
over Parquet in S3), once for the whole period, and this module waits for the answer.
"""

import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any

from botocore.exceptions import ClientError

from portal.adapters.recipients_sql import COLUMNS, monthly_recipients_sql
from portal.domain.errors import CountingError, CountingTimeoutError
from portal.domain.recipients import EngineName, Progress, RecipientCount
from portal.settings import AthenaSettings

_FINISHED = ("SUCCEEDED", "FAILED", "CANCELLED")


class AthenaRecipientsEngine:
    """
    Counts with Athena: start the query, poll its state with a growing interval for at most
    `max_wait_seconds` (then stop it), and read every page of the result.
    """

    name: EngineName = "athena"

    def __init__(
        self,
        client: Any,
        *,
        database: str,
        table: str,
        workgroup: str,
        output_location: str | None = None,
        max_wait_seconds: float = 600.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._database = database
        self._workgroup = workgroup
        self._output_location = output_location
        self._max_wait_seconds = max_wait_seconds
        self._sleep = sleep
        self._clock = clock
        self.source = f'"{database}"."{table}"'

    def count_recipients(self, months: Sequence[date], progress: Progress) -> list[RecipientCount]:
        try:
            query_id = self._start(monthly_recipients_sql(self.source, months))
            progress(f"Athena query {query_id} started in workgroup {self._workgroup}")
            self._wait(query_id, progress)
            counts = [_count(row) for row in self._rows(query_id)]
        except ClientError as error:
            raise CountingError(engine=self.name, detail=str(error)) from error
        progress(f"Athena query {query_id}: {len(counts)} figures read")
        return counts

    def _start(self, sql: str) -> str:
        request: dict[str, Any] = {
            "QueryString": sql,
            "QueryExecutionContext": {"Database": self._database},
            "WorkGroup": self._workgroup,
        }
        if self._output_location:
            request["ResultConfiguration"] = {"OutputLocation": self._output_location}
        query_id: str = self._client.start_query_execution(**request)["QueryExecutionId"]
        return query_id

    def _wait(self, query_id: str, progress: Progress) -> None:
        started = self._clock()
        interval = 1.0
        while True:
            execution = self._client.get_query_execution(QueryExecutionId=query_id)
            status = execution["QueryExecution"]["Status"]
            state = status["State"]
            elapsed = self._clock() - started
            if state in _FINISHED:
                break
            if elapsed >= self._max_wait_seconds:
                self._client.stop_query_execution(QueryExecutionId=query_id)
                raise CountingTimeoutError(engine=self.name, seconds=self._max_wait_seconds)
            progress(f"Athena query {query_id}: {state.lower()} after {elapsed:.0f} s")
            self._sleep(min(interval, self._max_wait_seconds - elapsed))
            interval = min(interval * 2, 15.0)
        if state != "SUCCEEDED":
            reason = status.get("StateChangeReason", state)
            raise CountingError(engine=self.name, detail=f"query {query_id}: {reason}")

    def _rows(self, query_id: str) -> Iterator[list[str | None]]:
        pages = self._client.get_paginator("get_query_results").paginate(QueryExecutionId=query_id)
        rows = (row for page in pages for row in page["ResultSet"]["Rows"])
        for index, row in enumerate(rows):
            values = [cell.get("VarCharValue") for cell in row["Data"]]
            # Athena repeats the column names as the first row of a SELECT's result.
            if index > 0 or tuple(values) != COLUMNS:
                yield values


def athena_engine(client: Any, settings: AthenaSettings) -> AthenaRecipientsEngine:
    """The engine the environment describes, on `client` (boto3's Athena client)."""
    return AthenaRecipientsEngine(
        client,
        database=settings.athena_database,
        table=settings.events_table,
        workgroup=settings.athena_workgroup,
        output_location=settings.athena_output_location,
        max_wait_seconds=settings.athena_max_wait_seconds,
    )


def _count(values: list[str | None]) -> RecipientCount:
    month, member_state, recipients = values
    if month is None or recipients is None:
        raise CountingError(engine="athena", detail=f"unexpected row {values}")
    return RecipientCount(date.fromisoformat(month), member_state, int(recipients))
