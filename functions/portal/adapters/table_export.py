"""
An export of the cases table to S3 (ExportTableToPointInTime, DYNAMODB_JSON), never a scan
of the live table: DynamoDB reads its point-in-time backup, at no cost to the table's
capacity. The data files (gzipped `{"Item": ...}` lines under
`<prefix>/AWSDynamoDB/<export id>/data/`) are then copied to a local directory for DuckDB.
Needs point-in-time recovery on the table (infra/template.yaml turns it on).
"""

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from portal.domain.errors import CountingError
from portal.domain.recipients import Progress
from portal.domain.report_drafts import ExportState


def export_table(
    dynamodb: Any,
    table: str,
    bucket: str,
    prefix: str,
    *,
    at: datetime | None,
    progress: Progress,
    poll_seconds: float = 10.0,
    sleep: Callable[[float], None] = time.sleep,
) -> str:
    """
    Start an export of `table` as it was `at` (default: now) and wait for it; its data's
    location, s3://<bucket>/<prefix>/AWSDynamoDB/<export id>/data/ (the id ends the ARN).
    """
    arn = dynamodb.describe_table(TableName=table)["Table"]["TableArn"]
    request: dict[str, Any] = {
        "TableArn": arn,
        "S3Bucket": bucket,
        "S3Prefix": prefix,
        "ExportFormat": "DYNAMODB_JSON",
    }
    if at is not None:
        request["ExportTime"] = at
    export = dynamodb.export_table_to_point_in_time(**request)["ExportDescription"]
    progress(f"export {export['ExportArn']} started into s3://{bucket}/{prefix}")
    while export["ExportStatus"] == "IN_PROGRESS":
        sleep(poll_seconds)
        export = dynamodb.describe_export(ExportArn=export["ExportArn"])["ExportDescription"]
        progress(f"export: {export['ExportStatus'].lower()}")
    if export["ExportStatus"] != "COMPLETED":
        detail = export.get("FailureMessage") or export["ExportStatus"]
        raise CountingError(engine="export", detail=str(detail))
    export_id = str(export["ExportArn"]).rsplit("/", 1)[-1]
    return f"s3://{bucket}/{prefix}/AWSDynamoDB/{export_id}/data/"


def download_export(s3: Any, bucket: str, prefix: str, directory: Path, progress: Progress) -> Path:
    """Copy the export's data files under `directory`, keeping their layout."""
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    count = 0
    for page in pages:
        for entry in page.get("Contents", []):
            key = str(entry["Key"])
            if "/data/" not in key or not key.endswith(".gz"):
                continue  # manifests and the export's own markers
            target = directory / key
            target.parent.mkdir(parents=True, exist_ok=True)
            s3.download_file(bucket, key, str(target))
            count += 1
    progress(f"{count} data files downloaded to {directory}")
    return directory


class DynamoTableExporter:
    """The report drafts' exports (domain/report_drafts.py): started, then looked at later."""

    def __init__(self, dynamodb: Any, table: str, bucket: str) -> None:
        self.dynamodb, self.table, self.bucket = dynamodb, table, bucket

    def start(self, prefix: str) -> str:
        arn = self.dynamodb.describe_table(TableName=self.table)["Table"]["TableArn"]
        export = self.dynamodb.export_table_to_point_in_time(
            TableArn=arn, S3Bucket=self.bucket, S3Prefix=prefix, ExportFormat="DYNAMODB_JSON"
        )["ExportDescription"]
        return str(export["ExportArn"])

    def describe(self, arn: str) -> tuple[ExportState, str, str | None]:
        """The export's state, its data's location (as export_table's), why it failed."""
        export = self.dynamodb.describe_export(ExportArn=arn)["ExportDescription"]
        export_id = arn.rsplit("/", 1)[-1]
        location = f"s3://{export['S3Bucket']}/{export['S3Prefix']}/AWSDynamoDB/{export_id}/data/"
        return ExportState(export["ExportStatus"]), location, export.get("FailureMessage")
