"""
The mail queue (SQS): stored e-mails wait here for the mail worker, which SQS retries
and, after repeated failures, hands to the dead-letter queue.
"""

from typing import TYPE_CHECKING

from portal.adapters.aws_errors import reports_unavailability
from portal.domain.mail import Mail

if TYPE_CHECKING:
    from mypy_boto3_sqs import SQSClient


@reports_unavailability()
class SqsMailQueue:
    def __init__(self, queue_url: str, client: "SQSClient") -> None:
        self.queue_url = queue_url
        self.client = client

    def enqueue(self, mail: Mail) -> None:
        self.client.send_message(QueueUrl=self.queue_url, MessageBody=mail.model_dump_json())
