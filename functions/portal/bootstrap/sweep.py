"""The outbox sweeper's services: the cases, the mail queue, the attachments."""

from dataclasses import dataclass

import boto3

from portal.adapters.cases import DynamoCaseStore
from portal.adapters.mail_queue import SqsMailQueue
from portal.adapters.uploads import S3Uploads
from portal.settings import (
    SweepSettings,
)


@dataclass(frozen=True)
class SweepServices:
    cases: DynamoCaseStore
    queue: SqsMailQueue
    uploads: S3Uploads


def bootstrap_sweep(settings: SweepSettings | None = None) -> SweepServices:
    settings = settings or SweepSettings.from_environ()
    return SweepServices(
        cases=DynamoCaseStore(settings.cases_table, boto3.client("dynamodb")),
        queue=SqsMailQueue(settings.mail_queue_url, boto3.client("sqs")),
        uploads=S3Uploads(settings.attachments_bucket, boto3.client("s3")),
    )
