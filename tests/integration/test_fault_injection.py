"""
Faults in the services behind the portal: nothing accepted is lost, nothing is stored
twice. Faults are injected on botocore's before-call event (the call never reaches moto)
or in moto's backend objects.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest
from botocore.awsrequest import AWSResponse
from botocore.compat import HTTPHeaders
from moto.ses.exceptions import MessageRejectedError
from moto.ses.models import ses_backends

from portal.api import wiring as api_wiring
from portal.api.notices import EXAMPLE
from portal.domain import references
from portal.workers import case_events
from tests.integration.harness import MOTO_ACCOUNT, LocalPortal


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
    client = api_wiring.wiring().cases.client

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
    store = api_wiring.wiring().cases
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
        case_events.wiring().queue.client, "SendMessage", "ServiceUnavailable", 503
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
