"""
The transparency report from the cases table as the portal writes it: cases submitted to
the API and decided through the staff API, the table exported by moto's
ExportTableToPointInTime into S3, the export downloaded and counted with DuckDB.
"""

import csv
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from portal.adapters.report_duckdb import DuckDBReportEngine
from portal.adapters.table_export import download_export, export_table
from portal.api.notices import EXAMPLE as NOTICE_EXAMPLE
from portal.api.notices import ILLEGAL_EXAMPLE
from portal.domain import decision_examples
from portal.domain.transparency_report import Period
from portal.report.commands import compute
from tests.integration.harness import LocalPortal


def submit(portal: LocalPortal, body: dict[str, Any]) -> str:
    status, receipt = portal.post("/api/v1/notices", {**body, "submission_id": str(uuid.uuid4())})
    assert status == 201, receipt
    return str(receipt["reference"])


def test_the_report_counts_an_export_of_the_cases_table(
    portal: LocalPortal, tmp_path: Path
) -> None:
    decided = submit(portal, NOTICE_EXAMPLE)
    submit(portal, ILLEGAL_EXAMPLE)  # not decided yet: counted, with no action
    portal.deliver()
    status, body = portal.staff(
        "POST", f"/api/v1/staff/cases/{decided}/decisions", decision_examples.NOTICE_DECISION
    )
    assert status == 201, body
    portal.s3.create_bucket(
        Bucket="case-exports", CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
    )
    today = datetime.now(UTC).date()

    location = export_table(
        portal.dynamodb, portal.table, "case-exports", "exports/test", at=None,
        progress=lambda _: None, poll_seconds=0.1,
    )  # fmt: skip
    assert location.startswith("s3://case-exports/exports/test/AWSDynamoDB/")
    export = download_export(
        portal.s3, "case-exports", "exports/test", tmp_path / "export", lambda _: None
    )
    period = Period(date(today.year, 1, 1), date(today.year, 12, 31))
    compute(DuckDBReportEngine(export), period, tmp_path / "out")

    with (tmp_path / "out" / "4_notices.csv").open(encoding="utf-8", newline="") as file:
        rows = {row["Category of illegal content"]: row for row in csv.DictReader(file)}
    total = rows["TOTAL"]
    listed = [example["reviews"] for example in (NOTICE_EXAMPLE, ILLEGAL_EXAMPLE)]
    reviews = sum(len(found) for found in listed if isinstance(found, list))
    assert total["Number of notices received "] == "2"
    assert total[
        "Number of specific items of information included in the total number of notices"
    ] == str(reviews)
    assert (
        total["Number of actions taken on the basis of the terms and conditions of the service"]
        == "1"
    )
    assert total["Number of actions taken on the basis of the law"] == "0"
    assert float(total["Median time to take action"]) >= 0
    # The decided notice's first criterion (personal data) gives its row (Annex II).
    privacy = rows["STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS"]
    assert privacy["Number of notices received "] == "1"
    assert rows["STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE"]["Number of notices received "] == "1"
