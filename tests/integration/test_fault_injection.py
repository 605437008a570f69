"""
Faults in the services behind the portal: nothing accepted is lost, nothing is stored
twice. Faults are injected on botocore's before-call event (the call never reaches moto)
or in moto's backend objects.
"""

import struct
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any
from unittest import mock

import pytest
from botocore.awsrequest import AWSResponse
from botocore.compat import HTTPHeaders
from moto.ses.exceptions import MessageRejectedError
from moto.ses.models import ses_backends

from portal.api import app
from portal.api.app import lambda_handler
from portal.api.notices import EXAMPLE
from portal.api.origin import ORIGIN_HEADER
from portal.domain import references
from portal.workers import case_events
from tests.events import FakeContext, http_event, response_json
from tests.integration.harness import MOTO_ACCOUNT, ORIGIN_SECRET, LocalPortal


def notice(**changes: Any) -> dict[str, Any]:
    return {**EXAMPLE, "submission_id": str(uuid.uuid4()), **changes}


@contextmanager
def failing(client: Any, operation: str, code: str, status: int = 400) -> Iterator[list[str]]:
    """Make `operation` on `client` fail with `code` without reaching the service."""
    calls: list[str] = []

    def refuse(**kwargs: Any) -> tuple[AWSResponse, dict[str, Any]]:
        calls.append(operation)
        response = AWSResponse("https://aws.example/", status, HTTPHeaders(), None)
        return response, {
            "Error": {"Code": code, "Message": f"injected {code}"},
            "ResponseMetadata": {"HTTPStatusCode": status},
        }

    event = f"before-call.{client.meta.service_model.service_name}.{operation}"
    client.meta.events.register(event, refuse)
    try:
        yield calls
    finally:
        client.meta.events.unregister(event, refuse)


def ses_backend(portal: LocalPortal) -> Any:
    return ses_backends[MOTO_ACCOUNT][portal.dynamodb.meta.region_name]


def case_items(portal: LocalPortal) -> list[dict[str, Any]]:
    return [item for item in portal.items("CASE#") if item["sk"] == "CASE"]


def test_dynamodb_throttling_answers_503_stores_nothing_and_a_retry_succeeds(
    portal: LocalPortal,
) -> None:
    submission = notice()
    client = app.current_services().cases.client

    with failing(client, "TransactWriteItems", "ProvisionedThroughputExceededException") as calls:
        response = api_wiring_call(portal, submission)
    retried = api_wiring_call(portal, submission)

    assert calls
    assert response[0] == 503
    assert response[2].get("Retry-After")
    assert response[1]["error"]["code"] == "service_unavailable"
    assert retried[0] == 201
    assert len(case_items(portal)) == 1


def api_wiring_call(portal: LocalPortal, body: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
    from portal.api.app import lambda_handler
    from tests.events import FakeContext, http_event, response_json

    event = http_event("POST", "/api/v1/notices", body, headers=portal.origin_headers)
    response = lambda_handler(event, FakeContext())
    return response["statusCode"], response_json(response), response.get("headers", {})


def test_a_crash_after_the_case_is_stored_never_opens_a_second_case(portal: LocalPortal) -> None:
    submission = notice()
    store = app.current_services().cases
    real_add = store.add

    def add_then_crash(case: Any, mails: Any) -> Any:
        real_add(case, mails)
        raise TimeoutError("the function timed out after writing")

    with mock.patch.object(store, "add", side_effect=add_then_crash):
        crashed = portal.post("/api/v1/notices", submission)
    retried = portal.post("/api/v1/notices", submission)
    portal.deliver()

    assert crashed[0] == 500
    assert retried[0] == 201
    [stored] = case_items(portal)
    assert stored["reference"] == retried[1]["reference"]
    assert len(portal.mails_to(submission["email"])) == 1


def test_a_reference_already_in_use_is_never_overwritten(
    portal: LocalPortal, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = portal.post("/api/v1/notices", notice())[1]["reference"]
    drawn = iter([first])
    real = references.new_reference
    monkeypatch.setattr(
        "portal.domain.intake.new_reference", lambda prefix: next(drawn, None) or real(prefix)
    )

    status, receipt = portal.post("/api/v1/notices", notice(name="Someone Else"))

    assert status == 201
    assert receipt["reference"] != first
    assert portal.case_item(first)["details"].count("Alex Martin") == 1  # type: ignore[index]
    assert len(case_items(portal)) == 2


def test_when_sqs_fails_the_stream_record_is_retried_and_the_mail_still_goes(
    portal: LocalPortal,
) -> None:
    status, _ = portal.post("/api/v1/notices", notice(email="patient@example.com"))
    assert status == 201

    with failing(
        case_events.current_services().queue.client, "SendMessage", "ServiceUnavailable", 503
    ) as calls:
        portal.deliver()
    assert calls
    assert portal.mails() == []
    portal.deliver()

    assert len(portal.mails_to("patient@example.com")) == 1
    assert len(portal.mails_to("legal@backmarket.example")) == 1


def test_when_ses_fails_the_message_stays_queued_and_is_sent_once_ses_is_back(
    portal: LocalPortal,
) -> None:
    status, receipt = portal.post("/api/v1/notices", notice(email="retry@example.com"))
    assert status == 201
    backend = ses_backend(portal)

    with mock.patch.object(backend, "send_email", side_effect=MessageRejectedError("SES is down")):
        portal.deliver()
    pending = [
        item
        for item in portal.items(f"CASE#{receipt['reference']}")
        if item["sk"].startswith("MAIL#")
    ]
    portal.deliver()

    assert {item["state"] for item in pending} == {"pending"}
    assert len(portal.mails_to("retry@example.com")) == 1
    sent = [
        item
        for item in portal.items(f"CASE#{receipt['reference']}")
        if item["sk"].startswith("MAIL#")
    ]
    assert {item["state"] for item in sent} == {"sent"}
    assert all("mail" not in item for item in sent)  # the link's token is not kept once sent


def test_a_mail_that_keeps_failing_ends_in_the_dead_letter_queue_not_lost(
    portal: LocalPortal,
) -> None:
    portal.post("/api/v1/notices", notice(email="never@example.com"))
    portal.stream.poll_once()

    with mock.patch.object(
        ses_backend(portal), "send_email", side_effect=MessageRejectedError("rejected")
    ):
        for _ in range(8):
            portal.mail_queue.poll_once()

    sqs = portal.mail_queue.client
    dead = sqs.receive_message(
        QueueUrl=portal.deployed.refs["MailDeadLetterQueue"], MaxNumberOfMessages=10
    )
    assert len(dead.get("Messages", [])) == 2  # the acknowledgement and the staff notification
    assert portal.mails() == []


def png() -> bytes:
    """A real 1x1 PNG image, so that any check of the file accepts it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _idempotency() -> Any:
    return app.current_services().idempotency_store.client


def _cases() -> Any:
    return app.current_services().cases.client


def _uploads() -> Any:
    return app.current_services().uploads.client


@dataclass(frozen=True)
class Step:
    """Calls on a submission's path that fail together, as a throttled or unavailable
    service fails them; `reached` counts the injected failures."""

    calls: tuple[tuple[Callable[[], Any], str], ...]
    failures: tuple[tuple[str, int], ...]

    @contextmanager
    def failing(self, code: str, status: int) -> Iterator[list[str]]:
        reached: list[str] = []
        with ExitStack() as stack:
            for client, operation in self.calls:
                calls = stack.enter_context(failing(client(), operation, code, status))
                stack.callback(reached.extend, calls)
            yield reached


DYNAMODB_FAILURES = (("ProvisionedThroughputExceededException", 400), ("ServiceUnavailable", 503))
# S3 answers a HEAD without a body: botocore names the error by its status (SlowDown: 503).
S3_FAILURES = (("503", 503), ("500", 500))
# Powertools reads an existing idempotency record from its failed conditional put
# (ReturnValuesOnConditionCheckFailure), so it makes no GetItem call to fail; it deletes
# the record only after the submission failed, here in the claim transaction.
STEPS = {
    "idempotency put": Step(((_idempotency, "PutItem"),), DYNAMODB_FAILURES),
    "idempotency update": Step(((_idempotency, "UpdateItem"),), DYNAMODB_FAILURES),
    "claim transaction": Step(((_cases, "TransactWriteItems"),), DYNAMODB_FAILURES),
    "claim transaction and idempotency delete": Step(
        ((_cases, "TransactWriteItems"), (_idempotency, "DeleteItem")), DYNAMODB_FAILURES
    ),
    "case get": Step(((_cases, "GetItem"),), DYNAMODB_FAILURES),
    "attachment head": Step(((_uploads, "HeadObject"),), S3_FAILURES),
}


class ShortLivedContext(FakeContext):
    """A Lambda that had little time left: its idempotency record's in-progress window
    closes at once, as it does for a real retry that comes after the function timed out."""

    def get_remaining_time_in_millis(self) -> int:
        return 1


def send(body: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
    headers = {"accept-language": "fr", ORIGIN_HEADER: ORIGIN_SECRET}
    event = http_event("POST", "/api/v1/notices", body, headers=headers)
    response = lambda_handler(event, ShortLivedContext())
    time.sleep(0.01)  # past the in-progress window
    return response["statusCode"], response_json(response), response.get("headers", {})


def forget_idempotency_records(portal: LocalPortal) -> None:
    """What DynamoDB's TTL does to the idempotency records after a day."""
    table = portal.deployed.refs["IdempotencyTable"]
    for item in portal.dynamodb.scan(TableName=table)["Items"]:
        portal.dynamodb.delete_item(TableName=table, Key={"id": item["id"]})


def with_attachment(portal: LocalPortal) -> dict[str, Any]:
    upload_id = portal.upload(png(), "image/png")
    portal.uploads_queue.poll_once()  # the checker only: no stream reader before the test
    return notice(email=f"{uuid.uuid4().hex[:10]}@example.com", attachments=[upload_id])


def assert_answer_is_stored_or_busy(answer: tuple[int, Any, dict[str, str]]) -> None:
    status, body, headers = answer
    assert status in {201, 503}, body
    if status == 503:
        assert body["error"]["code"] == "service_unavailable"
        assert int(headers["Retry-After"]) > 0
        assert headers["Content-Language"] == "fr"
        assert "réessayer" in body["error"]["message"].lower()


def assert_one_case_and_one_of_each_mail(
    portal: LocalPortal, submission: dict[str, Any], reference: str
) -> None:
    portal.deliver()
    [stored] = [
        item for item in case_items(portal) if item["submission_id"] == submission["submission_id"]
    ]
    assert stored["reference"] == reference
    assert stored["attachments"] == submission["attachments"]
    assert len(portal.mails_to(submission["email"])) == 1
    staff = [m for m in portal.mails_to("legal@backmarket.example") if reference in m["subject"]]
    assert len(staff) == 1


# One submission per test: moto rolls a cancelled transaction back by restoring a copy of
# the table, and a stream reader that started before keeps reading the discarded copy.
# Each step's codes take the same path (aws_errors.unavailability: a throttling code or a
# 5xx); the retries after a day fail with the second one. `make test` runs each step's
# first attempt with its first code, `make test-full` with every code.
FIRST_ATTEMPTS = [
    pytest.param(step, code, status, id=f"{step} {code}", marks=[pytest.mark.full] if index else [])
    for step in STEPS
    for index, (code, status) in enumerate(STEPS[step].failures)
]
RETRIES = [
    pytest.param(step, *STEPS[step].failures[forgotten], forgotten, id=f"{step} {when}")
    for step in STEPS
    for forgotten, when in ((False, "within a day"), (True, "after a day"))
]


@pytest.mark.parametrize(("step", "code", "status"), FIRST_ATTEMPTS)
def test_a_fault_at_any_step_of_a_first_attempt_loses_nothing_and_stores_nothing_twice(
    portal: LocalPortal, step: str, code: str, status: int
) -> None:
    submission = with_attachment(portal)

    with STEPS[step].failing(code, status) as calls:
        first = send(submission)
    assert calls or step == "case get"  # a case is read only for a retry
    retries = [send(submission) for _ in range(2)]

    assert_answer_is_stored_or_busy(first)
    assert {answer[0] for answer in retries} == {201}
    references = {body["reference"] for _, body, _ in retries}
    if first[0] == 201:
        references.add(first[1]["reference"])
    [reference] = references
    assert_one_case_and_one_of_each_mail(portal, submission, reference)


@pytest.mark.parametrize(("step", "code", "status", "forgotten"), RETRIES)
def test_a_fault_at_any_step_of_a_retry_still_gets_the_stored_case(
    portal: LocalPortal, step: str, code: str, status: int, forgotten: bool
) -> None:
    submission = with_attachment(portal)
    created, stored, _ = send(submission)
    assert created == 201
    if forgotten:  # the idempotency record expired: only the claim remembers
        forget_idempotency_records(portal)

    with STEPS[step].failing(code, status) as calls:
        retried = send(submission)
    assert calls or not forgotten  # within a day, the idempotency record answers first
    again = send(submission)

    assert_answer_is_stored_or_busy(retried)
    if retried[0] == 201:
        assert retried[1] == stored
    assert again[:2] == (201, stored)
    assert_one_case_and_one_of_each_mail(portal, submission, stored["reference"])


def test_a_throttled_idempotency_table_answers_503_with_retry_after(portal: LocalPortal) -> None:
    submission = notice()

    with failing(_idempotency(), "PutItem", "ProvisionedThroughputExceededException") as calls:
        status, body, headers = send(submission)

    assert calls
    assert status == 503
    assert body["error"]["code"] == "service_unavailable"
    assert headers["Retry-After"]
    assert case_items(portal) == []


def test_when_the_idempotency_record_cannot_be_completed_the_stored_case_is_still_answered(
    portal: LocalPortal,
) -> None:
    submission = notice()

    with failing(_idempotency(), "UpdateItem", "ThrottlingException") as calls:
        status, receipt, _ = send(submission)
    retried = send(submission)

    assert calls
    assert status == 201
    assert retried[:2] == (201, receipt)
    [stored] = case_items(portal)
    assert stored["reference"] == receipt["reference"]


def test_an_unavailable_attachment_bucket_answers_503_not_500(portal: LocalPortal) -> None:
    submission = with_attachment(portal)

    with failing(_uploads(), "HeadObject", "503", 503) as calls:
        status, body, headers = send(submission)

    assert calls
    assert (status, body["error"]["code"]) == (503, "service_unavailable")
    assert headers["Retry-After"]
    assert case_items(portal) == []
