"""
Local stand-ins for Lambda's event source mappings: a poller reads a DynamoDB stream or
an SQS queue, hands batches to the very handler Lambda calls, and honours its partial
batch failures, as the template configures them: failed stream records are read again,
the batch split in two each time, until the retry limit sends a pointer to them to the
on-failure queue; failed messages return to the queue, which moves them to its dead-letter
queue after repeated failures. A scheduled job runs on a timer (Schedule).
"""

import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import boto3

from portal.local.gateway import LocalContext
from portal.local.template_values import Deployed, resolve, stream_source
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


@dataclass(frozen=True)
class StreamFailurePolicy:
    """
    What Lambda's event source mapping does with a stream batch that keeps failing: retry
    it `max_retry_attempts` times, split it in two on each error (`bisect`), then send a
    pointer to it (never its data) to the on-failure queue and go on with the next records.
    """

    max_retry_attempts: int = -1  # -1: until the record expires, as Lambda's default
    bisect: bool = False
    on_failure_queue_url: str | None = None


class StreamPoller:
    """Feeds a DynamoDB stream to a handler, shard by shard, from the oldest record."""

    def __init__(
        self,
        stream_arn: str,
        handler: Handler,
        batch_size: int = 25,
        policy: StreamFailurePolicy | None = None,
    ) -> None:
        self.stream_arn = stream_arn
        self.handler = handler
        self.batch_size = batch_size
        self.policy = policy or StreamFailurePolicy()
        self.client = boto3.client("dynamodbstreams")
        # Per shard: where the next read starts (an iterator type and its sequence number).
        # A fresh iterator is asked for at every read: moto replaces a table, stream shard
        # included, when it rolls back a cancelled transaction, and an iterator kept across
        # reads would go on reading the discarded copy and never see a later write.
        self._positions: dict[str, tuple[str, str | None]] = {}
        # Per shard: the sequence number that failed, how often, and the batch size now.
        self._failing: dict[str, tuple[str, int]] = {}
        self._limits: dict[str, int] = {}

    def _iterator(self, shard_id: str) -> str:
        kind, sequence_number = self._positions.get(shard_id, ("TRIM_HORIZON", None))
        position = {"SequenceNumber": sequence_number} if sequence_number else {}
        return self.client.get_shard_iterator(
            StreamArn=self.stream_arn,
            ShardId=shard_id,
            ShardIteratorType=kind,  # type: ignore[arg-type]
            **position,
        )["ShardIterator"]

    def _seek(self, shard_id: str, kind: str, sequence_number: str) -> None:
        self._positions[shard_id] = (kind, sequence_number)

    def poll_once(self) -> int:
        """One pass over every shard; returns how many records were done with (handled,
        or set aside after the last retry)."""
        handled = 0
        shards = self.client.describe_stream(StreamArn=self.stream_arn)["StreamDescription"][
            "Shards"
        ]
        for shard in shards:
            handled += self._poll_shard(shard["ShardId"])
        return handled

    def _poll_shard(self, shard_id: str) -> int:
        limit = self._limits.get(shard_id, self.batch_size)
        answer = self.client.get_records(ShardIterator=self._iterator(shard_id), Limit=limit)
        records = answer["Records"]
        if not records:
            return 0
        numbers = [r["dynamodb"]["SequenceNumber"] for r in records]
        failed = _run(self.handler, stream_event(self.stream_arn, records), numbers)
        if not failed:
            self._seek(shard_id, "AFTER_SEQUENCE_NUMBER", numbers[-1])
            self._failing.pop(shard_id, None)
            self._limits.pop(shard_id, None)
            return len(records)
        # Lambda resumes at the first failed record; so does this poller.
        first = min(failed, key=int)
        done = sum(1 for number in numbers if int(number) < int(first))
        at, attempts = self._failing.get(shard_id, (first, 0))
        attempts = attempts + 1 if at == first else 1
        batch = [r for r in records if int(r["dynamodb"]["SequenceNumber"]) >= int(first)]
        if self.policy.bisect and len(batch) > 1:
            # Split the failing batch, to find the record at fault (BisectBatchOnFunctionError).
            self._limits[shard_id] = max(1, len(batch) // 2)
        elif 0 <= self.policy.max_retry_attempts < attempts:
            self._set_aside(shard_id, batch, attempts)
            self._seek(shard_id, "AFTER_SEQUENCE_NUMBER", batch[-1]["dynamodb"]["SequenceNumber"])
            self._failing.pop(shard_id, None)
            self._limits.pop(shard_id, None)
            return done + len(batch)
        self._failing[shard_id] = (first, attempts)
        self._seek(shard_id, "AT_SEQUENCE_NUMBER", first)
        return done

    def _set_aside(self, shard_id: str, batch: Sequence[Any], attempts: int) -> None:
        """Sends the on-failure destination what Lambda sends: where the batch is, not what
        it holds (no personal data leaves the table)."""
        if not self.policy.on_failure_queue_url:
            return
        numbers = [r["dynamodb"]["SequenceNumber"] for r in batch]
        pointer = {
            "requestContext": {
                "condition": "RetryAttemptsExhausted",
                "approximateInvokeCount": attempts,
            },
            "version": "1.0",
            "timestamp": datetime.now(UTC).isoformat(),
            "DDBStreamBatchInfo": {
                "shardId": shard_id,
                "startSequenceNumber": numbers[0],
                "endSequenceNumber": numbers[-1],
                "batchSize": len(batch),
                "streamArn": self.stream_arn,
            },
        }
        boto3.client("sqs").send_message(
            QueueUrl=self.policy.on_failure_queue_url, MessageBody=json.dumps(pointer)
        )


def stream_poller(
    template: dict[str, Any], deployed: Deployed, function: str, handler: Handler
) -> StreamPoller:
    """A poller for a function's stream with the template's batch size, retry limit,
    bisecting and on-failure destination (infra/template.yaml), so local runs behave as
    Lambda does when a record keeps failing."""
    source = stream_source(template, function)
    destination = source.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")
    return StreamPoller(
        resolve(source["Stream"], deployed, {}),
        handler,
        batch_size=int(source.get("BatchSize", 100)),
        policy=StreamFailurePolicy(
            max_retry_attempts=int(source.get("MaximumRetryAttempts", -1)),
            bisect=bool(source.get("BisectBatchOnFunctionError", False)),
            on_failure_queue_url=(
                deployed.refs[destination["Fn::GetAtt"][0]] if destination else None
            ),
        ),
    )


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


class Schedule:
    """Stands in for EventBridge Scheduler: runs a job every `every_seconds`."""

    def __init__(self, job: Callable[[], object], every_seconds: float) -> None:
        self.job = job
        self.every_seconds = every_seconds
        self._next = 0.0

    def poll_once(self) -> int:
        now = time.monotonic()
        if now >= self._next:
            self._next = now + self.every_seconds
            self.job()
        return 0


class Background:
    """
    Runs pollers in one thread, every `interval` seconds while they find work, until stopped.
    Idle, it polls less and less often, down to every `idle_interval` seconds (each pass is
    five AWS calls: a tenth of a core while nothing happens); `wake()` polls again at once.
    """

    def __init__(
        self,
        pollers: Sequence[StreamPoller | QueuePoller | Schedule],
        interval: float = 0.3,
        idle_interval: float = 2.0,
    ) -> None:
        self.pollers = pollers
        self.interval = interval
        self.idle_interval = idle_interval
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="portal-workers", daemon=True)

    def _run(self) -> None:
        pause = self.interval
        while not self._stop.is_set():
            self._wake.clear()
            done = 0
            for poller in self.pollers:
                try:
                    done += poller.poll_once()
                except Exception as error:  # keep polling; the handler logged the cause
                    print(f"worker poll failed: {scrub(repr(error))}", flush=True)
            pause = self.interval if done else min(pause * 2, self.idle_interval)
            # Never more often than every `interval`, however many requests wake it.
            self._stop.wait(self.interval)
            if self._wake.wait(pause - self.interval):
                pause = self.interval

    def wake(self) -> None:
        """Poll now: a request may have left work (a stream record, a message)."""
        self._wake.set()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=5)
