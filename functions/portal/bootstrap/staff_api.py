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
from portal.settings import StaffApiSettings


@dataclass(frozen=True)
class StaffApiServices:
    settings: StaffApiSettings
    desk: CaseDesk
    uploads: S3Uploads
    origin_secret: Callable[[], str | None]
    clock: Clock


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
    return StaffApiServices(
        settings=settings,
        desk=CaseDesk(store, clock, rules_url=rules_url),
        uploads=uploads,
        origin_secret=origin_secret,
        clock=clock,
    )
