"""The staff API's services: the case desk on the cases table, attachments' links."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any

import boto3

from portal.adapters.secrets import read_secret
from portal.adapters.staff_cases import DynamoStaffCaseStore
from portal.adapters.uploads import S3Uploads
from portal.domain.case_desk import CaseDesk
from portal.domain.intake import Clock
from portal.domain.ports import DraftStore, TableExporter
from portal.settings import StaffApiSettings


@dataclass(frozen=True)
class StaffApiServices:
    settings: StaffApiSettings
    desk: CaseDesk
    uploads: S3Uploads
    origin_secret: Callable[[], str | None]
    clock: Clock
    # The transparency report's drafts; None without their buckets.
    exporter: TableExporter | None = None
    drafts: DraftStore | None = None


def _no_secret() -> None:
    return None


def bootstrap_staff_api(
    settings: StaffApiSettings | None = None, **replacing: Any
) -> StaffApiServices:
    settings = settings or StaffApiSettings.from_environ()
    clock: Clock = replacing.get("clock") or partial(datetime.now, UTC)
    store = replacing.get("store") or DynamoStaffCaseStore(
        settings.cases_table, boto3.client("dynamodb")
    )
    uploads = replacing.get("uploads") or S3Uploads(settings.attachments_bucket, boto3.client("s3"))
    name = settings.origin_secret_name
    origin_secret = replacing.get("origin_secret") or (
        _no_secret if name is None else partial(read_secret, name)
    )
    rules_url = f"{settings.site_url}en/reviews/#criteria" if settings.site_url else None
    exporter, drafts = replacing.get("exporter"), replacing.get("drafts")
    if exporter is None and settings.exports_bucket:
        from portal.adapters.table_export import DynamoTableExporter

        exporter = DynamoTableExporter(
            boto3.client("dynamodb"), settings.cases_table, settings.exports_bucket
        )
    if drafts is None and settings.drafts_bucket:
        from portal.adapters.report_drafts import S3DraftStore

        drafts = S3DraftStore(boto3.client("s3"), settings.drafts_bucket)
    return StaffApiServices(
        settings=settings,
        desk=CaseDesk(store, clock, rules_url=rules_url),
        uploads=uploads,
        origin_secret=origin_secret,
        clock=clock,
        exporter=exporter,
        drafts=drafts,
    )
