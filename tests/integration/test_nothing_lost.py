"""
Nothing accepted is lost after 201, and nothing is sent twice: a record that keeps failing
is set aside without holding up the records behind it, a message that keeps failing goes to
its dead-letter queue, and e-mails left pending are picked up again by the sweeper.
"""

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

from portal.api.authority_messages import EXAMPLE as AUTHORITY_EXAMPLE
from portal.api.notices import EXAMPLE as NOTICE_EXAMPLE
from portal.domain.mail import MAX_SWEEPS
from portal.workers.sweep_outbox import sweep
from tests import documents
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


def test_a_submission_refused_inside_its_transaction_holds_up_no_later_mail(
    portal: LocalPortal,
) -> None:
    # A refused transaction makes moto swap in a copy of the table and its stream: a poller
    # that kept its shard iterator went on reading the discarded copy and sent no more mail.
    upload_id = portal.upload(documents.pdf(), "application/pdf")
    run_workers(portal, rounds=1)
    first = fresh(NOTICE_EXAMPLE, email="first.7c2e@example.be", attachments=[upload_id])
    assert portal.post("/api/v1/notices", first)[0] == 201
    run_workers(portal, rounds=3)
    taken, refusal = portal.post("/api/v1/notices", fresh(first))  # the file is the first's
    run_workers(portal, rounds=3)
    later = fresh(NOTICE_EXAMPLE, email="later.7c2e@example.be")

    status, receipt = portal.post("/api/v1/notices", later)
    run_workers(portal, rounds=3)

    assert (taken, refusal["error"]["fields"][0]["code"]) == (422, "attachment_in_use")
    assert status == 201
    [ack] = portal.mails_to(later["email"])
    assert receipt["reference"] in ack["subject"]


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


def test_the_sweeper_queues_again_an_e_mail_left_pending_and_it_is_sent_once(
    portal: LocalPortal,
) -> None:
    notice = fresh(NOTICE_EXAMPLE, email=f"{uuid.uuid4().hex[:8]}@example.lu")
    status, receipt = portal.post("/api/v1/notices", notice)
    received = datetime.fromisoformat(receipt["received_at"])

    early = sweep(received + timedelta(minutes=5))
    late = sweep(received + timedelta(minutes=20))
    portal.mail_queue.poll_once()  # the stream record was lost: only the sweeper queued it
    run_workers(portal)  # now the stream catches up and queues the same e-mails again
    after = sweep(received + timedelta(minutes=40))

    assert status == 201
    assert early["requeued"] == 0
    assert late["requeued"] == 2
    assert len(portal.mails_to(notice["email"])) == 1
    assert len(portal.mails_to("legal@backmarket.example")) == 1
    assert after["requeued"] == 0
    outbox = [i for i in portal.items(f"CASE#{receipt['reference']}") if i["sk"] != "CASE"]
    assert {i["state"] for i in outbox} == {"sent"}
    assert all("outbox_pending" not in i for i in outbox)


def test_an_e_mail_that_keeps_failing_is_swept_a_bounded_number_of_times_then_left_failed(
    portal: LocalPortal,
) -> None:
    notice = fresh(NOTICE_EXAMPLE, email=f"{uuid.uuid4().hex[:8]}@example.lu")
    _, receipt = portal.post("/api/v1/notices", notice)
    received = datetime.fromisoformat(receipt["received_at"])

    sweeps = [
        sweep(received + timedelta(minutes=20 + 15 * n))["requeued"] for n in range(MAX_SWEEPS + 2)
    ]  # no worker runs: every sweep finds the e-mails still pending

    assert sweeps == [2] * MAX_SWEEPS + [0, 0]
    outbox = [i for i in portal.items(f"CASE#{receipt['reference']}") if i["sk"] != "CASE"]
    assert {i["state"] for i in outbox} == {"failed"}
    assert all("outbox_pending" not in i for i in outbox)


def test_an_e_mail_queued_again_after_its_idempotency_record_expired_is_not_sent_twice(
    portal: LocalPortal,
) -> None:
    notice = fresh(NOTICE_EXAMPLE, email=f"{uuid.uuid4().hex[:8]}@example.ie")
    portal.post("/api/v1/notices", notice)
    portal.stream.poll_once()
    [first, *_] = [
        m["Body"]
        for m in portal.sqs.receive_message(
            QueueUrl=portal.deployed.refs["MailQueue"],
            MaxNumberOfMessages=10,
            VisibilityTimeout=0,
        )["Messages"]
        if notice["email"] in m["Body"]
    ]
    run_workers(portal, rounds=3)
    idempotency = portal.deployed.refs["IdempotencyTable"]
    for item in portal.dynamodb.scan(TableName=idempotency)["Items"]:  # 7 days later
        portal.dynamodb.delete_item(TableName=idempotency, Key={"id": item["id"]})

    portal.sqs.send_message(QueueUrl=portal.deployed.refs["MailQueue"], MessageBody=first)
    run_workers(portal, rounds=3)

    assert len(portal.mails_to(notice["email"])) == 1


def test_an_unconfirmed_authority_gets_one_reminder_after_48_hours(portal: LocalPortal) -> None:
    message = fresh(AUTHORITY_EXAMPLE, official_email=f"{uuid.uuid4().hex[:8]}@dsc.example.eu")
    status, receipt = portal.post("/api/v1/authority-messages", message)
    received = datetime.fromisoformat(receipt["received_at"])
    run_workers(portal, rounds=3)

    too_early = sweep(received + timedelta(hours=47))
    due = sweep(received + timedelta(hours=49))
    again = sweep(received + timedelta(hours=60))
    run_workers(portal, rounds=3)

    assert status == 201
    assert (too_early["reminded"], due["reminded"], again["reminded"]) == (0, 1, 0)
    _, reminder = portal.mails_to(message["official_email"])
    assert reminder["subject"] == (  # in the message's language, French here
        f"Rappel\u00a0: confirmez votre adresse e-mail pour envoyer le message {receipt['reference']}"
    )
    assert message["authority_name"] not in reminder["body"]
    assert message["message"] not in reminder["body"]
    assert portal.case_item(receipt["reference"])["status"] == "awaiting_confirmation"  # type: ignore[index]


def test_the_sweeper_keeps_the_attachments_of_a_case_whose_stream_record_was_lost(
    portal: LocalPortal,
) -> None:
    upload_id = portal.upload(documents.pdf(), "application/pdf")
    portal.uploads_queue.poll_once()
    status, receipt = portal.post("/api/v1/notices", fresh(NOTICE_EXAMPLE, attachments=[upload_id]))
    received = datetime.fromisoformat(receipt["received_at"])
    key = f"accepted/{upload_id}"
    before = portal.s3.get_object_tagging(Bucket=portal.bucket, Key=key)["TagSet"]

    result = sweep(received + timedelta(minutes=20))

    assert status == 201
    assert before == [{"Key": "attached", "Value": "false"}]
    assert result["attachments_kept"] == 1
    after = portal.s3.get_object_tagging(Bucket=portal.bucket, Key=key)["TagSet"]
    assert after == [{"Key": "attached", "Value": receipt["reference"]}]
