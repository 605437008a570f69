"""The active-recipients job's services: Athena, the record store, staff's mail."""

from dataclasses import dataclass

import boto3

from portal.adapters.mail_queue import SqsMailQueue
from portal.adapters.recipients_athena import athena_engine
from portal.adapters.record_store import S3RecordStore
from portal.adapters.staff_notifier import QueuedStaffNotifier
from portal.domain.ports import RecipientsEngine, RecordStore, StaffNotifier
from portal.settings import (
    AthenaSettings,
    RecipientsJobSettings,
)


@dataclass(frozen=True)
class RecipientsJobServices:
    engine: RecipientsEngine
    store: RecordStore
    notifier: StaffNotifier


def bootstrap_athena(settings: AthenaSettings | None = None) -> RecipientsEngine:
    """The Athena engine alone: `portal recipients compute --engine athena`."""
    return athena_engine(boto3.client("athena"), settings or AthenaSettings.from_environ())


def bootstrap_recipients_job(
    settings: RecipientsJobSettings | None = None,
) -> RecipientsJobServices:
    settings = settings or RecipientsJobSettings.from_environ()
    return RecipientsJobServices(
        engine=athena_engine(boto3.client("athena"), settings),
        store=S3RecordStore(boto3.client("s3"), settings.publications_bucket),
        notifier=QueuedStaffNotifier(SqsMailQueue(settings.mail_queue_url, boto3.client("sqs"))),
    )
