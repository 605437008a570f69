"""
Nothing accepted is lost after 201, and nothing is sent twice: a record that keeps failing
is set aside without holding up the records behind it, a message that keeps failing goes to
its dead-letter queue, and e-mails left pending are picked up again by the sweeper.
"""

import json
import uuid
from typing import Any

from portal.api.notices import EXAMPLE as NOTICE_EXAMPLE
from tests.integration.harness import LocalPortal


def fresh(example: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**example, "submission_id": str(uuid.uuid4()), **changes}


def run_workers(portal: LocalPortal, rounds: int = 40) -> None:
    """Every worker, `rounds` times, whether or not the previous round did anything."""
    for _ in range(rounds):
        portal.uploads_queue.poll_once()
        portal.stream.poll_once()
        portal.mail_queue.poll_once()


def queued(portal: LocalPortal, queue: str) -> list[dict[str, Any]]:
    url = portal.deployed.refs[queue]
    found = portal.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
    return [json.loads(message["Body"]) for message in found.get("Messages", [])]


def test_a_stream_record_that_keeps_failing_is_set_aside_and_later_cases_get_their_mail(
    portal: LocalPortal,
) -> None:
    poison = "NT-POISON-0001"
    portal.dynamodb.put_item(
        TableName=portal.table,
        Item={
            "pk": {"S": f"CASE#{poison}"},
            "sk": {"S": "MAIL#notice_received"},
            "mail": {"S": '{"not": "an e-mail", "to_address": "victim@example.org"}'},
            "state": {"S": "pending"},
        },
    )
    notice = fresh(NOTICE_EXAMPLE, email=f"{uuid.uuid4().hex[:8]}@example.be")

    status, receipt = portal.post("/api/v1/notices", notice)
    run_workers(portal)

    assert status == 201
    [ack] = portal.mails_to(notice["email"])
    assert receipt["reference"] in ack["subject"]
    [pointer] = queued(portal, "CaseEventsDeadLetterQueue")
    batch = pointer["DDBStreamBatchInfo"]
    assert batch["batchSize"] == 1
    assert batch["streamArn"] == portal.deployed.attributes[("CasesTable", "StreamArn")]
    assert "victim@example.org" not in json.dumps(pointer)


def test_a_mail_that_keeps_failing_goes_to_the_dead_letter_queue_after_five_receives(
    portal: LocalPortal,
) -> None:
    portal.sqs.send_message(QueueUrl=portal.deployed.refs["MailQueue"], MessageBody="{broken")
    notice = fresh(NOTICE_EXAMPLE, email=f"{uuid.uuid4().hex[:8]}@example.at")

    portal.post("/api/v1/notices", notice)
    run_workers(portal, rounds=10)

    assert len(portal.mails_to(notice["email"])) == 1
    url = portal.deployed.refs["MailDeadLetterQueue"]
    [dead] = portal.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    assert dead["Body"] == "{broken"
