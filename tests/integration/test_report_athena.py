"""
The transparency report's Athena engine under moto: a table over the export, the shared SQL
over it, the figures read back, the table dropped. moto runs no SQL: the answer is canned,
and the queries are checked for what they must say.
"""

from datetime import date
from typing import Any

import boto3
import pytest
from moto.athena.models import athena_backends
from moto.core.models import DEFAULT_ACCOUNT_ID

from portal.adapters.athena_queries import AthenaQueries
from portal.adapters.report_athena import AthenaReportEngine
from portal.adapters.report_sql import COLUMNS
from portal.domain.transparency_report import NOTICE, Period, Tally
from tests.integration.athena import REGION, queue_athena_result

LOCATION = "s3://case-exports/exports/20270102T060000Z/AWSDynamoDB/01234567890123-abcdef12/data/"


def queries_sent() -> list[str]:
    backend = athena_backends[DEFAULT_ACCOUNT_ID][REGION]
    return [execution.query for execution in backend.executions.values()]


@pytest.mark.usefixtures("aws")
def test_athena_counts_the_export_through_a_table_it_drops_afterwards() -> None:
    client: Any = boto3.client("athena")
    engine = AthenaReportEngine(
        AthenaQueries(client, database="reports", workgroup="primary", sleep=lambda _: None),
        LOCATION,
    )
    queue_athena_result([["result"]])  # each query takes its answer: the table's creation
    queue_athena_result(
        [COLUMNS, [NOTICE, "TOTAL", None, "TOTAL", "12", "36.5"], [NOTICE, "STATEMENT_CATEGORY_SELF_HARM", "", "TOTAL", "0", None]]
    )  # fmt: skip
    queue_athena_result([["result"]])  # the table's removal

    tallies = engine.tally(Period(date(2026, 1, 1), date(2026, 12, 31)), lambda _: None)

    assert tallies == [
        Tally(NOTICE, "TOTAL", "", "TOTAL", 12, 36.5),
        Tally(NOTICE, "STATEMENT_CATEGORY_SELF_HARM", "", "TOTAL", 0, None),
    ]
    create, select, drop = queries_sent()
    table = create.split("`reports`.`", 1)[1].split("`", 1)[0]
    assert f"LOCATION '{LOCATION}'" in create and "JsonSerDe" in create
    assert f'FROM "reports"."{table}"' in select and "json_extract_scalar" in select
    assert drop == f"DROP TABLE IF EXISTS `reports`.`{table}`"
