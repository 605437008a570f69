"""Helpers steering moto's Athena: canned results, and queries that stay running."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from moto.athena.models import QueryResults, athena_backends
from moto.core.models import DEFAULT_ACCOUNT_ID
from moto.moto_api import state_manager

REGION = "eu-west-3"


def queue_athena_result(rows: Sequence[Sequence[str | None]]) -> None:
    """The next Athena query answers `rows` (the first row being the column names)."""
    cells = [{"Data": [{} if v is None else {"VarCharValue": v} for v in row]} for row in rows]
    columns: list[dict[str, Any]] = [{"Name": str(name), "Type": "varchar"} for name in rows[0]]
    backend = athena_backends[DEFAULT_ACCOUNT_ID][REGION]
    backend.query_results_queue.append(QueryResults(rows=cells, column_info=columns))


@contextmanager
def athena_queries_lasting(polls: int) -> Iterator[None]:
    """Inside, each Athena query state lasts `polls` calls to get_query_execution."""
    state_manager.set_transition("athena::execution", {"progression": "manual", "times": polls})
    try:
        yield
    finally:
        state_manager.unset_transition("athena::execution")
