"""The report drafts' jobs' services: the table's exports, the drafts' bucket, staff's mail."""

from dataclasses import dataclass

import boto3

from portal.adapters.mail_queue import SqsMailQueue
from portal.adapters.report_drafts import S3DraftStore
from portal.adapters.staff_notifier import QueuedStaffNotifier
from portal.adapters.table_export import DynamoTableExporter
from portal.domain.ports import ReportEngine
from portal.report.drafts import DraftFiles, EngineFor, duckdb_engine_for
from portal.settings import AthenaQuerySettings, ReportDraftSettings


@dataclass(frozen=True)
class ReportDraftServices:
    exporter: DynamoTableExporter
    store: S3DraftStore
    notifier: QueuedStaffNotifier
    make_files: DraftFiles


def _athena_engine_for() -> EngineFor:
    """Athena reads the export where it lies: nothing downloaded, no DuckDB in the artifact."""
    from portal.adapters.report_athena import athena_report_engine

    athena, settings = boto3.client("athena"), AthenaQuerySettings.from_environ()

    def engine_for(location: str, _: object) -> ReportEngine:
        return athena_report_engine(athena, settings, location)

    return engine_for


def bootstrap_report_drafts(settings: ReportDraftSettings | None = None) -> ReportDraftServices:
    settings = settings or ReportDraftSettings.from_environ()
    s3 = boto3.client("s3")
    store = S3DraftStore(s3, settings.drafts_bucket)
    engine_for = (
        duckdb_engine_for(s3) if settings.report_engine == "duckdb" else _athena_engine_for()
    )
    console = f"{settings.site_url}staff/" if settings.site_url else None
    return ReportDraftServices(
        exporter=DynamoTableExporter(
            boto3.client("dynamodb"), settings.cases_table, settings.exports_bucket
        ),
        store=store,
        notifier=QueuedStaffNotifier(
            SqsMailQueue(settings.mail_queue_url, boto3.client("sqs")), console_url=console
        ),
        make_files=DraftFiles(store, engine_for),
    )
