"""
The mail queue's contract: SqsMailQueue under moto and the FakeMailQueue hand the mail
worker exactly what was queued. The tests share one queue per module and keep apart by
fresh e-mail IDs.
"""

import uuid
from collections.abc import Callable

import boto3
import pytest

from portal.adapters.mail_queue import SqsMailQueue
from portal.domain.mail import Mail, StaffRole, Template
from tests.fakes import FakeMailQueue
from tests.integration.harness import LocalPortal

Queue = SqsMailQueue | FakeMailQueue


@pytest.fixture(params=["fake", "sqs"])
def queue(request: pytest.FixtureRequest) -> Queue:
    if request.param == "fake":
        return FakeMailQueue()
    portal: LocalPortal = request.getfixturevalue("module_portal")
    return SqsMailQueue(portal.deployed.refs["MailQueue"], boto3.client("sqs"))


@pytest.fixture
def delivered(queue: Queue, request: pytest.FixtureRequest) -> Callable[[], list[Mail]]:
    """What the mail worker receives, in the order received."""
    if isinstance(queue, FakeMailQueue):
        return lambda: list(queue.queued)
    portal: LocalPortal = request.getfixturevalue("module_portal")

    def receive() -> list[Mail]:
        received: list[Mail] = []
        while batch := portal.sqs.receive_message(
            QueueUrl=queue.queue_url, MaxNumberOfMessages=10
        ).get("Messages", []):
            for message in batch:
                received.append(Mail.model_validate_json(message["Body"]))
                portal.sqs.delete_message(
                    QueueUrl=queue.queue_url, ReceiptHandle=message["ReceiptHandle"]
                )
        return received

    return receive


def test_a_queued_mail_reaches_the_worker_as_it_was_queued(
    queue: Queue, delivered: Callable[[], list[Mail]]
) -> None:
    reference = f"NT-{uuid.uuid4()}"
    acknowledgement = Mail(
        id=f"{reference}/notice_received",
        template=Template.NOTICE_RECEIVED,
        language="de",
        to_address="absender@example.de",
        values={"reference": reference, "received_at": "2026-11-20T09:30:00+00:00"},
        case_reference=reference,
    )
    staff = Mail(  # queued directly, with no case: the recipients job's
        id=f"recipients/{uuid.uuid4()}",
        template=Template.STAFF_RECIPIENTS_COMPUTED,
        language="en",
        to_staff=StaffRole.LEGAL,
        values={"average": "1,234", "location": "s3://records/2026-10.json"},
    )

    queue.enqueue(acknowledgement)
    queue.enqueue(staff)

    assert sorted(delivered(), key=lambda mail: mail.id) == sorted(
        [acknowledgement, staff], key=lambda mail: mail.id
    )


def test_a_mail_queued_twice_is_delivered_twice(
    queue: Queue, delivered: Callable[[], list[Mail]]
) -> None:
    # The worker, not the queue, makes sending once (workers/send_mail.py).
    mail = Mail(
        id=f"recipients/{uuid.uuid4()}",
        template=Template.STAFF_RECIPIENTS_COMPUTED,
        language="en",
        to_staff=StaffRole.LEGAL,
        values={"average": "12"},
    )

    queue.enqueue(mail)
    queue.enqueue(mail)

    assert delivered() == [mail, mail]
