"""
Local stand-ins for Lambda's event source mappings: a poller reads a DynamoDB stream or
an SQS queue, hands batches to the very handler Lambda calls, and honours its partial
batch failures (failed stream records are read again; failed messages return to the
queue, which moves them to its dead-letter queue after repeated failures).
"""

import threading
from collections.abc import Callable, Sequence
from typing import Any

import boto3

from portal.local.gateway import LocalContext
from portal.observability import scrub

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def _failed(result: dict[str, Any] | None) -> set[str]:
    return {item["itemIdentifier"] for item in (result or {}).get("batchItemFailures", [])}


def _run(handler: Handler, event: dict[str, Any], identifiers: list[str]) -> set[str]:
    """The identifiers that failed. A handler that raises failed the whole batch, and
    Lambda retries all of it (Powertools raises when every record failed)."""
    try:
        return _failed(handler(event, LocalContext()))
    except Exception:
        return set(identifiers)


class StreamPoller:
    """Feeds a DynamoDB stream to a handler, shard by shard, from the oldest record."""

    def __init__(self, stream_arn: str, handler: Handler, batch_size: int = 25) -> None:
        self.stream_arn = stream_arn
        self.handler = handler
        self.batch_size = batch_size
        self.client = boto3.client("dynamodbstreams")
        self._iterators: dict[str, str] = {}

    def _iterator(self, shard_id: str) -> str:
        if shard_id not in self._iterators:
            self._iterators[shard_id] = self.client.get_shard_iterator(
                StreamArn=self.stream_arn, ShardId=shard_id, ShardIteratorType="TRIM_HORIZON"
            )["ShardIterator"]
        return self._iterators[shard_id]

    def poll_once(self) -> int:
        """One pass over every shard; returns how many records the handler accepted."""
        handled = 0
        shards = self.client.describe_stream(StreamArn=self.stream_arn)["StreamDescription"][
            "Shards"
        ]
        for shard in shards:
            shard_id = shard["ShardId"]
            answer = self.client.get_records(
                ShardIterator=self._iterator(shard_id), Limit=self.batch_size
            )
            records = answer["Records"]
            if not records:
                self._iterators[shard_id] = answer.get("NextShardIterator") or self._iterator(
                    shard_id
                )
                continue
            numbers = [r["dynamodb"]["SequenceNumber"] for r in records]
            failed = _run(self.handler, stream_event(self.stream_arn, records), numbers)
            if failed:
                # Lambda resumes at the first failed record; so does this poller.
                first = min(failed, key=lambda number: int(number))
                self._iterators[shard_id] = self.client.get_shard_iterator(
                    StreamArn=self.stream_arn,
                    ShardId=shard_id,
                    ShardIteratorType="AT_SEQUENCE_NUMBER",
                    SequenceNumber=first,
                )["ShardIterator"]
                handled += sum(
                    1 for r in records if int(r["dynamodb"]["SequenceNumber"]) < int(first)
                )
            else:
                self._iterators[shard_id] = answer["NextShardIterator"]
                handled += len(records)
        return handled


def stream_event(stream_arn: str, records: Sequence[Any]) -> dict[str, Any]:
    return {
        "Records": [
            {
                "eventID": record["eventID"],
                "eventName": record["eventName"],
                "eventVersion": record.get("eventVersion", "1.1"),
                "eventSource": "aws:dynamodb",
                "awsRegion": record.get("awsRegion", "eu-west-3"),
                "dynamodb": {
                    k: v
                    for k, v in record["dynamodb"].items()
                    if k != "ApproximateCreationDateTime"
                },
                "eventSourceARN": stream_arn,
            }
            for record in records
        ]
    }


class QueuePoller:
    """Feeds an SQS queue to a handler; successes are deleted, failures retried later."""

    def __init__(self, queue_url: str, handler: Handler, retry_after_seconds: int = 1) -> None:
        self.queue_url = queue_url
        self.handler = handler
        self.retry_after_seconds = retry_after_seconds
        self.client = boto3.client("sqs")
        self.arn = self.client.get_queue_attributes(
            QueueUrl=queue_url, AttributeNames=["QueueArn"]
        )["Attributes"]["QueueArn"]

    def poll_once(self) -> int:
        """One batch; returns how many messages the handler accepted."""
        messages = self.client.receive_message(
            QueueUrl=self.queue_url,
            MaxNumberOfMessages=10,
            WaitTimeSeconds=0,
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
        ).get("Messages", [])
        if not messages:
            return 0
        ids = [message["MessageId"] for message in messages]
        failed = _run(self.handler, sqs_event(self.arn, messages), ids)
        for message in messages:
            if message["MessageId"] in failed:
                self.client.change_message_visibility(
                    QueueUrl=self.queue_url,
                    ReceiptHandle=message["ReceiptHandle"],
                    VisibilityTimeout=self.retry_after_seconds,
                )
            else:
                self.client.delete_message(
                    QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"]
                )
        return len(messages) - len(failed)


def sqs_event(queue_arn: str, messages: Sequence[Any]) -> dict[str, Any]:
    return {
        "Records": [
            {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": message["Body"],
                "attributes": message.get("Attributes", {}),
                "messageAttributes": message.get("MessageAttributes", {}),
                "md5OfBody": message.get("MD5OfBody", ""),
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": queue_arn.split(":")[3],
            }
            for message in messages
        ]
    }


class Background:
    """Runs pollers in one thread, every `interval` seconds, until stopped."""

    def __init__(
        self, pollers: Sequence[StreamPoller | QueuePoller], interval: float = 0.3
    ) -> None:
        self.pollers = pollers
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="portal-workers", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for poller in self.pollers:
                try:
                    poller.poll_once()
                except Exception as error:  # keep polling; the handler logged the cause
                    print(f"worker poll failed: {scrub(repr(error))}", flush=True)
            self._stop.wait(self.interval)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
