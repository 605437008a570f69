from collections.abc import Callable
from datetime import date
from typing import Any

import boto3
import pytest
from moto.athena.models import athena_backends
from moto.core.models import DEFAULT_ACCOUNT_ID

from portal.adapters.recipients_athena import AthenaRecipientsEngine
from portal.adapters.recipients_sql import COLUMNS, monthly_recipients_sql
from portal.domain.errors import CountingError, CountingTimeoutError
from portal.domain.recipients import RecipientCount
from tests.integration.athena import REGION, athena_queries_lasting, queue_athena_result
from tests.recipients_reference import FIRST_HALF_2026

ANSWER: list[list[str | None]] = [
    list(COLUMNS),
    ["2026-01-01", None, "5"],
    ["2026-01-01", "BE", "2"],
    ["2026-01-01", "NL", "4"],
    ["2026-02-01", None, "3"],
    ["2026-02-01", "GR", "3"],
]
EXPECTED = [
    RecipientCount(date(2026, 1, 1), None, 5),
    RecipientCount(date(2026, 1, 1), "BE", 2),
    RecipientCount(date(2026, 1, 1), "NL", 4),
    RecipientCount(date(2026, 2, 1), None, 3),
    RecipientCount(date(2026, 2, 1), "GR", 3),
]


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def engine_on(
    client: Any, clock: FakeClock, max_wait_seconds: float = 600
) -> AthenaRecipientsEngine:
    return AthenaRecipientsEngine(
        client,
        database="analytics",
        table="activity_events",
        workgroup="primary",
        output_location="s3://athena-results/recipients/",
        max_wait_seconds=max_wait_seconds,
        sleep=clock.sleep,
        clock=lambda: clock.now,
    )


def only_query(client: Any) -> dict[str, Any]:
    (query_id,) = client.list_query_executions()["QueryExecutionIds"]
    execution: dict[str, Any] = client.get_query_execution(QueryExecutionId=query_id)[
        "QueryExecution"
    ]
    return execution


def test_engine_sends_the_shared_sql_to_the_events_table_and_reads_the_figures(aws: None) -> None:
    client = boto3.client("athena", region_name=REGION)
    queue_athena_result(ANSWER)

    counts = engine_on(client, FakeClock()).count_recipients(FIRST_HALF_2026, lambda _: None)

    query = only_query(client)
    assert counts == EXPECTED
    assert query["Query"] == monthly_recipients_sql(
        '"analytics"."activity_events"', FIRST_HALF_2026
    )
    assert query["QueryExecutionContext"]["Database"] == "analytics"
    assert query["ResultConfiguration"]["OutputLocation"].startswith(
        "s3://athena-results/recipients/"
    )


def test_engine_waits_for_the_query_with_growing_pauses(aws: None) -> None:
    client = boto3.client("athena", region_name=REGION)
    queue_athena_result(ANSWER)
    clock = FakeClock()
    messages: list[str] = []

    with athena_queries_lasting(polls=3):
        counts = engine_on(client, clock).count_recipients(FIRST_HALF_2026, messages.append)

    assert counts == EXPECTED
    assert clock.sleeps[:4] == [1.0, 2.0, 4.0, 8.0]
    assert any("queued after" in m for m in messages)
    assert any("running after" in m for m in messages)


def test_engine_reads_every_page_of_the_result(aws: None) -> None:
    client = boto3.client("athena", region_name=REGION)
    queue_athena_result(ANSWER)
    pages = split_results_into_two_pages(client, first_page_rows=3)

    counts = engine_on(client, FakeClock()).count_recipients(FIRST_HALF_2026, lambda _: None)

    assert pages == [None, "page-2"]
    assert counts == EXPECTED


def test_failed_query_is_a_counting_error(aws: None) -> None:
    client = boto3.client("athena", region_name=REGION)
    client.meta.events.register("after-call.athena.StartQueryExecution", fail_the_query)

    with pytest.raises(CountingError) as raised:
        engine_on(client, FakeClock()).count_recipients(FIRST_HALF_2026, lambda _: None)

    assert "FAILED" in str(raised.value.params["detail"])


def test_query_still_running_after_the_longest_wait_is_stopped(aws: None) -> None:
    client = boto3.client("athena", region_name=REGION)
    clock = FakeClock()
    engine = engine_on(client, clock, max_wait_seconds=60)

    with athena_queries_lasting(polls=1000), pytest.raises(CountingTimeoutError):
        engine.count_recipients(FIRST_HALF_2026, lambda _: None)

    assert clock.now == 60
    assert only_query(client)["Status"]["State"] == "CANCELLED"


def test_athena_refusing_the_query_is_a_counting_error(aws: None) -> None:
    client = boto3.client("athena", region_name=REGION)
    client.meta.events.register("before-call.athena.StartQueryExecution", refuse_the_query)  # type: ignore[arg-type]

    with pytest.raises(CountingError) as raised:
        engine_on(client, FakeClock()).count_recipients(FIRST_HALF_2026, lambda _: None)

    assert "InvalidRequestException" in str(raised.value.params["detail"])


def fail_the_query(parsed: dict[str, Any], **_: Any) -> None:
    execution = athena_backends[DEFAULT_ACCOUNT_ID][REGION].executions[parsed["QueryExecutionId"]]
    execution.status = "FAILED"


def refuse_the_query(**_: Any) -> tuple[Any, dict[str, Any]]:
    from botocore.awsrequest import AWSResponse
    from botocore.compat import HTTPHeaders

    error = {"Error": {"Code": "InvalidRequestException", "Message": "no such table"}}
    return AWSResponse("https://athena", 400, HTTPHeaders(), None), error


def split_results_into_two_pages(client: Any, first_page_rows: int) -> list[str | None]:
    """moto answers in one page: cut it in two, as Athena does with long results."""
    tokens: list[str | None] = []

    def remember_token(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context["next_token"] = params.get("NextToken")
        tokens.append(params.get("NextToken"))

    def cut(parsed: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        rows = parsed["ResultSet"]["Rows"]
        if context["next_token"] is None:
            parsed["ResultSet"]["Rows"] = rows[:first_page_rows]
            parsed["NextToken"] = "page-2"
        else:
            parsed["ResultSet"]["Rows"] = rows[first_page_rows:]

    register: Callable[..., None] = client.meta.events.register
    register("before-parameter-build.athena.GetQueryResults", remember_token)
    register("after-call.athena.GetQueryResults", cut)
    return tokens
