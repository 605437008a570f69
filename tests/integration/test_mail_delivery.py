"""
The mail worker under moto: the per-address cap, confirmation tokens that live only in the
e-mail, and e-mails that SES accepted never sent twice.
"""

import json
import logging
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from unittest import mock

import boto3
import pytest
from moto.ses.exceptions import MessageRejectedError

from portal.adapters.mail_cap import DynamoMailCap
from portal.api.authority_messages import EXAMPLE as AUTHORITY_EXAMPLE
from portal.api.notices import EXAMPLE as NOTICE_EXAMPLE
from portal.domain.authority_messages import new_confirmation_token
from portal.domain.mail import MAILS_PER_ADDRESS_PER_DAY
from portal.observability import logger
from portal.workers import send_mail
from tests.integration.harness import LocalPortal, confirmation_link
from tests.integration.test_fault_injection import failing, ses_backend


def fresh(example: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**example, "submission_id": str(uuid.uuid4()), **changes}


def sent_to(portal: LocalPortal, address: str) -> list[dict[str, Any]]:
    return [m for m in portal.mails() if address in [to.lower() for to in m["to"]]]


def idempotency_items(portal: LocalPortal) -> list[dict[str, Any]]:
    table = portal.environment("MailFunction")["IDEMPOTENCY_TABLE"]
    return list(portal.dynamodb.scan(TableName=table)["Items"])


def test_an_address_gets_at_most_ten_emails_a_day_and_staff_see_the_rest_held_back(
    portal: LocalPortal,
) -> None:
    spellings = ["Flood@Example.com", "flood@EXAMPLE.com", "flood@example.com"]
    notices = [
        fresh(NOTICE_EXAMPLE, email=spellings[n % 3]) for n in range(MAILS_PER_ADDRESS_PER_DAY + 2)
    ]

    receipts = [portal.post("/api/v1/notices", notice) for notice in notices]
    # SES fails every first attempt: a retried e-mail must not be counted twice.
    portal.stream.poll_once()
    with mock.patch.object(
        ses_backend(portal), "send_email", side_effect=MessageRejectedError("x")
    ):
        for _ in range(3):
            portal.mail_queue.poll_once()
    portal.deliver()

    assert {status for status, _ in receipts} == {201}
    assert len(sent_to(portal, "flood@example.com")) == MAILS_PER_ADDRESS_PER_DAY
    assert len(portal.mails_to("legal@backmarket.example")) == len(notices)
    acknowledgements = [i for i in portal.items("CASE#") if i["sk"] == "MAIL#notice_received"]
    states = sorted(item["state"] for item in acknowledgements)
    assert states == ["held_back"] * 2 + ["sent"] * MAILS_PER_ADDRESS_PER_DAY
    held = {str(i["pk"]) for i in acknowledgements if i["state"] == "held_back"}
    flagged = {
        str(i["pk"])
        for i in portal.items("CASE#")
        if i["sk"] == "CASE" and i.get("acknowledgements_held_back")
    }
    assert flagged == held
    assert "flood" not in json.dumps(idempotency_items(portal)).lower()


def test_the_cap_is_per_address(portal: LocalPortal) -> None:
    for _ in range(MAILS_PER_ADDRESS_PER_DAY):
        portal.post("/api/v1/notices", fresh(NOTICE_EXAMPLE, email="busy@example.com"))
    portal.post("/api/v1/notices", fresh(NOTICE_EXAMPLE, email="other@example.com"))

    portal.deliver(rounds=10)

    assert len(sent_to(portal, "busy@example.com")) == MAILS_PER_ADDRESS_PER_DAY
    assert len(sent_to(portal, "other@example.com")) == 1


def test_a_mail_ses_accepted_is_not_sent_again_when_recording_it_as_sent_fails(
    portal: LocalPortal,
) -> None:
    _, receipt = portal.post("/api/v1/notices", fresh(NOTICE_EXAMPLE, email="once@example.com"))
    portal.stream.poll_once()

    with failing(
        send_mail.current_services().cases.client,
        "UpdateItem",
        "ProvisionedThroughputExceededException",
    ) as calls:
        portal.mail_queue.poll_once()
    portal.deliver()

    assert calls  # recording the sent e-mail failed after SES accepted it
    assert len(portal.mails_to("once@example.com")) == 1
    [ack] = [
        i for i in portal.items(f"CASE#{receipt['reference']}") if i["sk"] == "MAIL#notice_received"
    ]
    assert ack["state"] == "sent" and ack["ses_message_id"]


def test_a_mail_ses_accepted_is_not_sent_again_when_its_idempotency_record_cannot_be_completed(
    portal: LocalPortal,
) -> None:
    portal.post("/api/v1/notices", fresh(NOTICE_EXAMPLE, email="twice.not@example.com"))
    portal.stream.poll_once()
    idempotency = send_mail.current_services().idempotency_store.client

    with failing(idempotency, "UpdateItem", "ProvisionedThroughputExceededException") as calls:
        portal.mail_queue.poll_once()
    forget_in_progress_records(portal)  # the Lambda's deadline passed: the retry may run
    portal.deliver()

    assert calls  # SES accepted, then the idempotency record stayed "in progress"
    assert len(portal.mails_to("twice.not@example.com")) == 1


def forget_in_progress_records(portal: LocalPortal) -> None:
    table = portal.environment("MailFunction")["IDEMPOTENCY_TABLE"]
    items = idempotency_items(portal)
    stuck = [item for item in items if item.get("status", {}).get("S") == "INPROGRESS"]
    assert stuck, items
    for item in stuck:
        portal.dynamodb.delete_item(TableName=table, Key={"id": item["id"]})


def test_confirmation_tokens_exist_only_in_the_email_never_in_the_table_stream_or_queues(
    portal: LocalPortal, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    real_token = secrets.token_urlsafe

    def recorded_token(size: int | None = None) -> str:
        made.append(real_token(size))
        return made[-1]

    monkeypatch.setattr(secrets, "token_urlsafe", recorded_token)
    bodies: list[str] = []
    real_handler = portal.mail_queue.handler

    def seen(event: dict[str, Any], context: Any) -> dict[str, Any]:
        bodies.extend(record["body"] for record in event["Records"])
        return real_handler(event, context)

    portal.mail_queue.handler = seen
    message = fresh(AUTHORITY_EXAMPLE, official_email="dsc@authority.example")
    lost = fresh(AUTHORITY_EXAMPLE, official_email="lost@authority.example")

    status, receipt = portal.post("/api/v1/authority-messages", message)
    portal.post("/api/v1/authority-messages", lost)
    portal.stream.poll_once()
    with mock.patch.object(
        ses_backend(portal), "send_email", side_effect=MessageRejectedError("x")
    ):
        for _ in range(8):  # every attempt fails: both links go to the dead-letter queue
            portal.mail_queue.poll_once()
    dead = portal.mail_queue.client.receive_message(
        QueueUrl=portal.deployed.refs["MailDeadLetterQueue"], MaxNumberOfMessages=10
    ).get("Messages", [])
    for letter in dead:  # redrive the first message's link, as the runbook does
        if receipt["reference"] in letter["Body"]:
            portal.mail_queue.client.send_message(
                QueueUrl=portal.deployed.refs["MailQueue"], MessageBody=letter["Body"]
            )
    portal.deliver()

    [link_mail] = portal.mails_to("dsc@authority.example")
    reference, token = confirmation_link(link_mail["body"])
    assert token in made and len(made) > 1  # a fresh token for each attempt
    stored = json.dumps(
        [portal.dynamodb.scan(TableName=portal.table)["Items"], idempotency_items(portal)]
    )
    stream = stream_records(portal)
    for secret in made:
        assert secret not in stored
        assert secret not in stream
        assert not any(secret in body for body in bodies)
        assert not any(secret in letter["Body"] for letter in dead)
    status, confirmed = portal.post(
        "/api/v1/authority-messages/confirmations", {"reference": reference, "token": token}
    )
    assert status == 200 and confirmed["reference"] == receipt["reference"]


def stream_records(portal: LocalPortal) -> str:
    streams = boto3.client("dynamodbstreams")
    arn = portal.stream.stream_arn
    records = []
    for shard in streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
        iterator = streams.get_shard_iterator(
            StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        records += streams.get_records(ShardIterator=iterator, Limit=1000)["Records"]
    return json.dumps(records, default=str)


def test_a_failing_batch_logs_no_email_address_not_even_in_exception_text(
    portal: LocalPortal, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, libraries included, at every level
    logger.setLevel(logging.DEBUG)
    portal.post("/api/v1/notices", fresh(NOTICE_EXAMPLE, email="Leaky.Person@example.com"))
    portal.stream.poll_once()
    rejection = MessageRejectedError(
        "Email address is not verified. The following identities failed the check"
        " in region EU-WEST-3: Leaky.Person@example.com"
    )

    try:
        with mock.patch.object(ses_backend(portal), "send_email", side_effect=rejection):
            portal.mail_queue.poll_once()  # the whole batch fails
    finally:
        logger.setLevel(logging.INFO)

    output = capfd.readouterr()
    logged = output.out + output.err + caplog.text
    assert "Record processing exception" in logged  # the failure is logged...
    assert "[address]" in logged
    assert "leaky.person" not in logged.lower()  # ...without the address


def test_a_link_mailed_before_tokens_were_made_at_send_time_still_confirms(
    portal: LocalPortal,
) -> None:
    _, receipt = portal.post("/api/v1/authority-messages", fresh(AUTHORITY_EXAMPLE))
    token, token_hash = new_confirmation_token()
    portal.dynamodb.update_item(  # the shape an older portal stored
        TableName=portal.table,
        Key={"pk": {"S": f"CASE#{receipt['reference']}"}, "sk": {"S": "CASE"}},
        UpdateExpression="SET confirmation.token_hash = :hash",
        ExpressionAttributeValues={":hash": {"S": token_hash}},
    )

    status, _ = portal.post(
        "/api/v1/authority-messages/confirmations",
        {"reference": receipt["reference"], "token": token},
    )

    assert status == 200


def test_a_confirmation_link_for_a_message_confirmed_meanwhile_is_not_sent(
    portal: LocalPortal,
) -> None:
    _, receipt = portal.post(
        "/api/v1/authority-messages", fresh(AUTHORITY_EXAMPLE, official_email="late@auth.example")
    )
    portal.dynamodb.update_item(
        TableName=portal.table,
        Key={"pk": {"S": f"CASE#{receipt['reference']}"}, "sk": {"S": "CASE"}},
        UpdateExpression="SET #status = :received",
        ExpressionAttributeNames={"#status": "status"},
        ExpressionAttributeValues={":received": {"S": "received"}},
    )

    portal.deliver()

    assert portal.mails_to("late@auth.example") == []
    [link] = [
        i
        for i in portal.items(f"CASE#{receipt['reference']}")
        if i["sk"] == "MAIL#authority_confirm_address"
    ]
    assert link["state"] == "not_needed"


def test_no_24_hours_carry_more_than_the_cap_even_across_midnight(portal: LocalPortal) -> None:
    cap = DynamoMailCap(
        portal.environment("MailFunction")["IDEMPOTENCY_TABLE"], boto3.client("dynamodb")
    )
    late = datetime(2026, 12, 1, 23, 0, tzinfo=UTC)

    evening = [cap.admit("night@example.com", f"m{n}", late) for n in range(12)]
    after_midnight = cap.admit("night@example.com", "m12", late + timedelta(hours=2))
    retried = cap.admit("night@example.com", "m3", late + timedelta(hours=2))
    two_days_on = cap.admit("night@example.com", "m13", late + timedelta(days=2))

    assert evening == [True] * MAILS_PER_ADDRESS_PER_DAY + [False, False]
    assert after_midnight is False
    assert retried is True  # an e-mail already counted is never refused nor counted again
    assert two_days_on is True
