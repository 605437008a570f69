"""Integration tests: adapters and the scheduled job against moto's embedded AWS."""

from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from moto import mock_aws
from moto.athena.models import QueryResults, athena_backends
from moto.core.models import DEFAULT_ACCOUNT_ID
from moto.moto_api import state_manager

REGION = "eu-west-3"


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fake credentials, a region, no endpoint override, and moto in place of AWS."""
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        yield
    state_manager.unset_transition("athena::execution")


def queue_athena_result(rows: Sequence[Sequence[str | None]]) -> None:
    """The next Athena query answers `rows` (the first row being the column names)."""
    cells = [{"Data": [{} if v is None else {"VarCharValue": v} for v in row]} for row in rows]
    columns: list[dict[str, Any]] = [{"Name": str(name), "Type": "varchar"} for name in rows[0]]
    backend = athena_backends[DEFAULT_ACCOUNT_ID][REGION]
    backend.query_results_queue.append(QueryResults(rows=cells, column_info=columns))


def keep_athena_queries_running(polls: int) -> None:
    """Each Athena state lasts `polls` calls to get_query_execution."""
    state_manager.set_transition("athena::execution", {"progression": "manual", "times": polls})
