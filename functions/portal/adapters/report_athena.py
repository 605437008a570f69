"""
The transparency report's engine beyond one machine: Athena reads the export of the cases
table where it lies in S3, through a table made for this export (the DynamoDB JSON lines,
with the JSON SerDe) and dropped afterwards, and runs the shared SQL text
(adapters/report_sql.py) in one query.
"""

import secrets
from typing import Any

from botocore.exceptions import ClientError

from portal.adapters.athena_queries import AthenaQueries
from portal.adapters.report_sql import ATHENA, COLUMNS, SOURCE_COLUMNS, report_sql
from portal.domain.errors import CountingError
from portal.domain.recipients import EngineName, Progress
from portal.domain.transparency_report import Period, Tally
from portal.settings import AthenaQuerySettings


def export_table_ddl(database: str, table: str, location: str) -> str:
    """An external table over an export's data files: one `Item` per line."""
    item = ", ".join(f"{name}:struct<S:string>" for name in SOURCE_COLUMNS)
    return (
        f"CREATE EXTERNAL TABLE `{database}`.`{table}` (Item struct<{item}>) "
        "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' "
        f"LOCATION '{location}'"
    )


def export_relation(database: str, table: str) -> str:
    columns = ", ".join(f"Item.{name}.S AS {name}" for name in SOURCE_COLUMNS)
    return f'(SELECT {columns} FROM "{database}"."{table}")'  # noqa: S608 (identifiers we name)


class AthenaReportEngine:
    name: EngineName = "athena"

    def __init__(self, queries: AthenaQueries, location: str) -> None:
        """`location`: the export's data, s3://<bucket>/<prefix>/AWSDynamoDB/<id>/data/."""
        self._queries = queries
        self.source = location

    def _run(self, sql: str, progress: Progress) -> str:
        query_id = self._queries.start(sql)
        progress(f"Athena query {query_id} started in workgroup {self._queries.workgroup}")
        self._queries.wait(query_id, progress)
        return query_id

    def tally(self, period: Period, progress: Progress) -> list[Tally]:
        database = self._queries.database
        table = f"case_export_{secrets.token_hex(4)}"
        try:
            self._run(export_table_ddl(database, table, self.source), progress)
            try:
                sql = report_sql(export_relation(database, table), period, ATHENA)
                query_id = self._run(sql, progress)
                rows = list(self._queries.rows(query_id, COLUMNS))
            finally:
                self._run(f"DROP TABLE IF EXISTS `{database}`.`{table}`", progress)
        except ClientError as error:
            raise CountingError(engine=self.name, detail=str(error)) from error
        return [_tally(row) for row in rows]


def _tally(values: list[str | None]) -> Tally:
    measure, category, keyword, scope, number, median = values
    if measure is None or category is None or scope is None or number is None:
        raise CountingError(engine="athena", detail=f"unexpected row {values}")
    return Tally(
        measure,
        category,
        keyword or "",
        scope,
        int(number),
        None if median is None else float(median),
    )


def athena_report_engine(
    client: Any, settings: AthenaQuerySettings, location: str
) -> AthenaReportEngine:
    """The engine the environment describes, on `client` (boto3's Athena client)."""
    queries = AthenaQueries(
        client,
        database=settings.athena_database,
        workgroup=settings.athena_workgroup,
        output_location=settings.athena_output_location,
        max_wait_seconds=settings.athena_max_wait_seconds,
    )
    return AthenaReportEngine(queries, location)
