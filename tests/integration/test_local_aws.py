"""
The embedded AWS's shortcuts through moto (local/aws.py) answer as moto did: a queue hands
out a message within its retention period, and never one past it.
"""

from typing import Any

import boto3
import pytest
from moto.core.models import DEFAULT_ACCOUNT_ID
from moto.sqs.models import SQSBackend, sqs_backends

from portal.local import aws as embedded_aws

RETAINED = "is_message_valid_based_on_retention_period"


@pytest.fixture
def sqs(aws: None, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(SQSBackend, RETAINED, getattr(SQSBackend, RETAINED))  # restored after
    embedded_aws._receive_cheaply()
    return boto3.client("sqs")


def test_a_queue_hands_out_a_message_within_its_retention_period_only(sqs: Any) -> None:
    attributes = {"MessageRetentionPeriod": "60"}
    url = sqs.create_queue(QueueName="retention-4b1d", Attributes=attributes)["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="old")
    [old] = sqs_backends[DEFAULT_ACCOUNT_ID]["eu-west-3"].queues["retention-4b1d"]._messages
    old.sent_timestamp = int(old.sent_timestamp or 0) - 61_000  # 61 s ago

    expired = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    sqs.send_message(QueueUrl=url, MessageBody="fresh")
    received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])

    assert expired == []
    assert [message["Body"] for message in received] == ["fresh"]
