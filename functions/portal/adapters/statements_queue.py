"""
The statements queue (SQS): statements of reasons wait here for the worker that submits
them to the Transparency Database (workers/submit_statements.py); SQS retries a statement
the database did not take and, after repeated failures, hands it to the dead-letter queue.
"""

from typing import TYPE_CHECKING

from portal.adapters.aws_errors import reports_unavailability
from portal.domain.statement_submission import QueuedStatement

if TYPE_CHECKING:
    from mypy_boto3_sqs import SQSClient


@reports_unavailability()
class SqsStatementsQueue:
    def __init__(self, queue_url: str, client: "SQSClient") -> None:
        self.queue_url = queue_url
        self.client = client

    def enqueue(self, statement: QueuedStatement) -> None:
        self.client.send_message(QueueUrl=self.queue_url, MessageBody=statement.model_dump_json())
