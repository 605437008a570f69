"""
The production engine: Athena runs the shared SQL over the analytics events (a Glue table
over Parquet in S3), once for the whole period, and this module waits for the answer.
"""

import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from botocore.exceptions import ClientError

from portal.adapters.athena_queries import AthenaQueries
from portal.adapters.recipients_sql import COLUMNS, monthly_recipients_sql
from portal.domain.errors import CountingError
from portal.domain.recipients import EngineName, Progress, RecipientCount
from portal.settings import AthenaSettings


class AthenaRecipientsEngine:
    """
    Counts with Athena: start the query, wait for it (adapters/athena_queries.py), and read
    every page of the result.
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
        self._queries = AthenaQueries(
            client,
            database=database,
            workgroup=workgroup,
            output_location=output_location,
            max_wait_seconds=max_wait_seconds,
            sleep=sleep,
            clock=clock,
        )
        self.source = f'"{database}"."{table}"'

    def count_recipients(self, months: Sequence[date], progress: Progress) -> list[RecipientCount]:
        queries = self._queries
        try:
            query_id = queries.start(monthly_recipients_sql(self.source, months))
            progress(f"Athena query {query_id} started in workgroup {queries.workgroup}")
            queries.wait(query_id, progress)
            counts = [_count(row) for row in queries.rows(query_id, COLUMNS)]
        except ClientError as error:
            raise CountingError(engine=self.name, detail=str(error)) from error
        progress(f"Athena query {query_id}: {len(counts)} figures read")
        return counts


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
