"""The stream reactor's services: the mail queue, the statements queue and the attachments."""

from dataclasses import dataclass

import boto3

from portal.adapters.mail_queue import SqsMailQueue
from portal.adapters.statements_queue import SqsStatementsQueue
from portal.adapters.uploads import S3Uploads
from portal.settings import (
    CaseEventsSettings,
)


@dataclass(frozen=True)
class CaseEventsServices:
    queue: SqsMailQueue
    uploads: S3Uploads
    statements: SqsStatementsQueue


def bootstrap_case_events(settings: CaseEventsSettings | None = None) -> CaseEventsServices:
    settings = settings or CaseEventsSettings.from_environ()
    sqs = boto3.client("sqs")
    return CaseEventsServices(
        queue=SqsMailQueue(settings.mail_queue_url, sqs),
        uploads=S3Uploads(settings.attachments_bucket, boto3.client("s3")),
        statements=SqsStatementsQueue(settings.statements_queue_url, sqs),
    )
