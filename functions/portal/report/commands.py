"""
`portal report transparency`: the Art. 15 and 24(1) report of a period, in the harmonised
templates, from an export of the cases table (in AWS, or of a running `make serve` with
--local), the staff's records and the qualitative answers. Progress goes to stderr; each
function returns the exit code.
"""

import json
import tempfile
import urllib.request
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from portal.domain.errors import DomainError
from portal.domain.ports import ReportEngine
from portal.domain.report_records import Qualitative, StaffRecords
from portal.domain.report_sheets import build_sheets, missing_answers
from portal.domain.transparency_report import Period
from portal.recipients.commands import explain, say, timed

DEFAULT_QUALITATIVE = Path("reports") / "transparency" / "qualitative.yml"
DEFAULT_RECORDS = Path("reports") / "transparency" / "records.yml"


class InputError(Exception):
    """A file or option the command cannot use; the message says which and why."""


def load_yaml(path: Path, model: type[Qualitative] | type[StaffRecords]) -> Any:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return model.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise InputError(f"{path}: {error}") from error


def parse_period(start: str, end: str) -> Period:
    try:
        period = Period(date.fromisoformat(start), date.fromisoformat(end))
    except ValueError as error:
        raise InputError(f"--from and --to are days, YYYY-MM-DD: {error}") from error
    if period.end < period.start:
        raise InputError("--to is before --from")
    return period


def compute(
    engine: ReportEngine,
    period: Period,
    out: Path,
    *,
    qualitative_path: Path = DEFAULT_QUALITATIVE,
    records_path: Path = DEFAULT_RECORDS,
    published: date | None = None,
) -> list[Path]:
    """Count, lay out and write the report; the files written."""
    from portal.adapters.report_files import write_report

    qualitative: Qualitative = load_yaml(qualitative_path, Qualitative)
    records: StaffRecords = load_yaml(records_path, StaffRecords)
    progress = timed(say)
    tallies = engine.tally(period, progress)
    progress(f"{len(tallies)} figures counted by {engine.name} in {engine.source}")
    for key in missing_answers(qualitative):
        say(f"warning: {qualitative_path} has no answer to '{key}': the report is incomplete")
    sheets = build_sheets(tallies, records, qualitative, period, published=published)
    return write_report(sheets, out)


def _local_aws(url: str) -> dict[str, str]:
    """Where a running `make serve` keeps its embedded AWS (GET /_dev/aws.json)."""
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/_dev/aws.json", timeout=10) as answer:  # noqa: S310 (a URL the user gives)
            found: dict[str, str] = json.load(answer)
    except (OSError, ValueError) as error:
        raise InputError(f"no local portal at {url} ({error}); is `make serve` running?") from error
    return found


def _export(local: str | None, table: str | None, bucket: str | None) -> tuple[str, Any]:
    """Export the cases table; where its data lies, and the S3 client to read it."""
    from portal.adapters.table_export import export_table
    from portal.bootstrap.report import report_clients

    options: dict[str, Any] = {}
    if local:
        aws = _local_aws(local)
        options = {"endpoint_url": aws["endpoint"], "region_name": aws["region"]}
        options |= {"aws_access_key_id": "local", "aws_secret_access_key": "local"}
        table, bucket = aws["cases_table"], aws["exports_bucket"]
    if not table or not bucket:
        raise InputError("give --table and --bucket (the cases table, a bucket for the export)")
    prefix = "exports/" + datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    dynamodb, s3 = report_clients(**options)
    poll = 0.5 if local else 10.0  # moto's export takes a moment; DynamoDB's, minutes
    location = export_table(
        dynamodb, table, bucket, prefix, at=None, progress=timed(say), poll_seconds=poll
    )
    return location, s3


def _engine(
    engine: str,
    local: str | None,
    export: Path | None,
    table: str | None,
    bucket: str | None,
    scratch: Path,
    memory_limit: str,
) -> ReportEngine:
    if engine == "athena":
        if local or export:
            raise InputError(
                "the athena engine reads an export in S3: not with --local or --export"
            )
        from portal.bootstrap.report import athena_report_engine

        location, _ = _export(None, table, bucket)
        return athena_report_engine(location)
    from portal.adapters.report_duckdb import DuckDBReportEngine
    from portal.adapters.table_export import download_export

    if export is None:
        location, s3 = _export(local, table, bucket)
        bucket_name, prefix = location.removeprefix("s3://").split("/", 1)
        # moto names the export's folder otherwise: everything under the export's prefix.
        prefix = prefix.split("/AWSDynamoDB/", 1)[0]
        export = download_export(s3, bucket_name, prefix, scratch, timed(say))
    return DuckDBReportEngine(export, memory_limit=memory_limit)


def transparency(
    start: str,
    end: str,
    out: Path,
    *,
    local: str | None = None,
    export: Path | None = None,
    table: str | None = None,
    bucket: str | None = None,
    qualitative_path: Path = DEFAULT_QUALITATIVE,
    records_path: Path = DEFAULT_RECORDS,
    published: str | None = None,
    memory_limit: str = "1GB",
    engine_name: str = "duckdb",
) -> int:
    try:
        period = parse_period(start, end)
        day = date.fromisoformat(published) if published else None
        # Both files are checked before an export that may take minutes.
        load_yaml(qualitative_path, Qualitative)
        load_yaml(records_path, StaffRecords)
        with tempfile.TemporaryDirectory(prefix="portal-export-") as scratch:
            engine = _engine(engine_name, local, export, table, bucket, Path(scratch), memory_limit)
            written = compute(
                engine,
                period,
                out,
                qualitative_path=qualitative_path,
                records_path=records_path,
                published=day,
            )
    except (InputError, ValueError) as error:
        say(f"error: {error}")
        return 2
    except DomainError as error:
        say(explain(error))
        return 1
    for path in written:
        print(path)
    return 0
