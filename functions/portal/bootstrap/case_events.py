"""The stream reactor's services: the mail queue and the attachments."""

from dataclasses import dataclass

import boto3

from portal.adapters.mail_queue import SqsMailQueue
from portal.adapters.uploads import S3Uploads
from portal.settings import (
    CaseEventsSettings,
)


@dataclass(frozen=True)
class CaseEventsServices:
    queue: SqsMailQueue
    uploads: S3Uploads


def bootstrap_case_events(settings: CaseEventsSettings | None = None) -> CaseEventsServices:
    settings = settings or CaseEventsSettings.from_environ()
    return CaseEventsServices(
        queue=SqsMailQueue(settings.mail_queue_url, boto3.client("sqs")),
        uploads=S3Uploads(settings.attachments_bucket, boto3.client("s3")),
    )
