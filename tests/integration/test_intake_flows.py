"""
The three forms end to end under moto: stored before 201, acknowledged in the sender's
language by the mail worker, never stored twice.
"""

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from portal.api.appeals import example as appeal_example
from portal.api.authority_messages import EXAMPLE as AUTHORITY_EXAMPLE
from portal.api.notices import EXAMPLE as NOTICE_EXAMPLE
from portal.domain.references import new_reference
from tests.integration.harness import LocalPortal, confirmation_link


def fresh(example: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**example, "submission_id": str(uuid.uuid4()), **changes}


def test_a_notice_is_stored_before_the_answer_and_acknowledged_in_french(
    portal: LocalPortal,
) -> None:
    notice = fresh(NOTICE_EXAMPLE, language="fr", email="lea@example.fr", name="Léa <b>Petit</b>")

    status, receipt = portal.post("/api/v1/notices", notice)

    assert status == 201
    item = portal.case_item(receipt["reference"])
    assert item is not None
    assert (item["kind"], item["status"], item["language"]) == ("notice", "received", "fr")
    assert item["gsi1pk"] == "notice#received" and item["gsi2pk"] == receipt["received_at"][:7]
    assert int(item["expires_at"]) > (datetime.now(UTC) + timedelta(days=700)).timestamp()
    assert portal.mails() == []  # e-mails follow from the queue, not from the request

    portal.deliver()

    [ack] = portal.mails_to("lea@example.fr")
    assert ack["subject"] == f"Nous avons bien reçu votre notification {receipt['reference']}"
    assert '<html lang="fr">' in ack["body"]
    assert "Petit" not in ack["body"]  # the acknowledgement carries no text the sender chose
    [staff] = portal.mails_to("legal@backmarket.example")
    assert receipt["reference"] in staff["subject"]
    assert "lea@example.fr" not in staff["body"]


def test_acknowledgements_carry_no_text_the_sender_chose_so_they_cannot_relay_spam(
    portal: LocalPortal,
) -> None:
    pitch = "Cheap pills at pills.example"
    notice = fresh(NOTICE_EXAMPLE, email="victim1@example.com", name=pitch)
    appeal = fresh(appeal_example(date.today()), email="victim2@example.com", name=pitch)
    message = fresh(
        AUTHORITY_EXAMPLE,
        official_email="victim3@example.com",
        authority_name=pitch,
        authority_reference=pitch[:40],
        subject=pitch,
    )

    for path, body in [
        ("/api/v1/notices", notice),
        ("/api/v1/appeals", appeal),
        ("/api/v1/authority-messages", message),
    ]:
        assert portal.post(path, body)[0] == 201
    portal.deliver()

    acknowledgements = [
        *portal.mails_to("victim1@example.com"),
        *portal.mails_to("victim2@example.com"),
        *portal.mails_to("victim3@example.com"),
    ]
    assert len(acknowledgements) == 3
    for ack in acknowledgements:
        assert "pills" not in ack["subject"] + ack["body"]


def test_the_same_submission_twice_gives_the_same_reference_and_one_case(
    portal: LocalPortal,
) -> None:
    notice = fresh(NOTICE_EXAMPLE)

    first = portal.post("/api/v1/notices", notice)
    second = portal.post("/api/v1/notices", notice)
    portal.deliver()

    assert first == second
    assert first[0] == 201
    assert len([i for i in portal.items("CASE#") if i["sk"] == "CASE"]) == 1
    assert len(portal.mails_to(notice["email"])) == 1


def test_the_same_submission_id_with_other_content_is_a_conflict(portal: LocalPortal) -> None:
    notice = fresh(NOTICE_EXAMPLE)
    portal.post("/api/v1/notices", notice)

    status, body = portal.post(
        "/api/v1/notices",
        {**notice, "explanation": notice["explanation"] + " More."},
        language="nl",
    )

    assert status == 409
    assert body["error"]["code"] == "submission_id_reused"
    assert len([i for i in portal.items("CASE#") if i["sk"] == "CASE"]) == 1


def test_an_authority_message_counts_once_its_address_is_confirmed(portal: LocalPortal) -> None:
    message = fresh(AUTHORITY_EXAMPLE)

    status, receipt = portal.post("/api/v1/authority-messages", message)
    portal.deliver()

    assert (status, receipt["status"]) == (201, "awaiting_confirmation")
    [link_mail] = portal.mails_to(message["official_email"])
    [unverified] = portal.mails_to("product-safety@backmarket.example")
    assert unverified["subject"].endswith(f"{receipt['reference']} (unverified)")
    waiting = portal.case_item(receipt["reference"])
    assert waiting is not None and waiting["gsi1pk"] == "authority_message#awaiting_confirmation"
    assert "expires_at" not in waiting  # kept until staff decide
    reference, token = confirmation_link(link_mail["body"])
    assert reference == receipt["reference"]
    assert link_mail["body"].count(portal.site_url + "fr/authorities/confirm/") == 1

    status, confirmed = portal.post(
        "/api/v1/authority-messages/confirmations", {"reference": reference, "token": token}
    )
    again = portal.post(
        "/api/v1/authority-messages/confirmations", {"reference": reference, "token": token}
    )
    portal.deliver()

    assert status == 200 and again == (200, confirmed)
    assert confirmed["reference"] == reference
    assert portal.case_item(reference)["status"] == "received"  # type: ignore[index]
    assert len(portal.mails_to(message["official_email"])) == 2
    assert portal.mails_to("product-safety@backmarket.example") == [unverified]
    assert portal.mails_to("legal@backmarket.example") == []


def test_a_wrong_confirmation_token_confirms_nothing(portal: LocalPortal) -> None:
    status, receipt = portal.post("/api/v1/authority-messages", fresh(AUTHORITY_EXAMPLE))

    status, body = portal.post(
        "/api/v1/authority-messages/confirmations",
        {"reference": receipt["reference"], "token": "x" * 43},
        "de",
    )

    assert status == 404
    assert body["error"]["code"] == "confirmation_invalid"
    assert portal.case_item(receipt["reference"])["status"] == "awaiting_confirmation"  # type: ignore[index]


@pytest.mark.parametrize(
    "link",
    [
        {"reference": "AU-ZZZZ-ZZZZ", "token": "abc"},  # cut short when copied
        {"reference": "AU-" + "Z" * 40, "token": "x" * 43},
        {"reference": "", "token": ""},
    ],
)
def test_a_mangled_confirmation_link_is_answered_as_a_wrong_link_not_field_by_field(
    portal: LocalPortal, link: dict[str, str]
) -> None:
    status, body = portal.post("/api/v1/authority-messages/confirmations", link, "fr")

    assert status == 404
    assert body["error"]["code"] == "confirmation_invalid"


def decide(
    portal: LocalPortal, reference: str, informed: date, author_email: str | None = None
) -> None:
    """What the staff console will do: store a decision on the case (a later issue)."""
    decision = {
        "outcome": {"S": "kept"},
        "decided_at": {"S": f"{informed.isoformat()}T10:00:00+00:00"},
        "informed_on": {"S": informed.isoformat()},
    }
    if author_email:
        decision["author_email"] = {"S": author_email}
    portal.dynamodb.update_item(
        TableName=portal.table,
        Key={"pk": {"S": f"CASE#{reference}"}, "sk": {"S": "CASE"}},
        UpdateExpression="SET decision = :d",
        ExpressionAttributeValues={":d": {"M": decision}},
    )


def notifier_appeal(reference: str, email: str) -> dict[str, Any]:
    return fresh(
        appeal_example(date.today()),
        appellant={"role": "notifier", "case_reference": reference},
        email=email,
    )


def test_an_appeal_by_a_notifier_is_checked_against_the_stored_decision(
    portal: LocalPortal,
) -> None:
    status, notice = portal.post("/api/v1/notices", fresh(NOTICE_EXAMPLE))
    decide(portal, notice["reference"], date.today() - timedelta(days=200))

    status, body = portal.post(
        "/api/v1/appeals", notifier_appeal(notice["reference"], str(NOTICE_EXAMPLE["email"])), "fr"
    )

    assert status == 422
    [field] = body["error"]["fields"]
    assert (field["field"], field["code"]) == ("appellant.case_reference", "appeal_window_closed")


def test_a_notifier_appeals_with_the_reference_and_address_once_the_notice_is_decided(
    portal: LocalPortal,
) -> None:
    _, notice = portal.post("/api/v1/notices", fresh(NOTICE_EXAMPLE))
    appeal = notifier_appeal(notice["reference"], str(NOTICE_EXAMPLE["email"]).upper())

    early, undecided = portal.post("/api/v1/appeals", appeal, "nl")
    decide(portal, notice["reference"], date.today() - timedelta(days=10))
    status, receipt = portal.post("/api/v1/appeals", fresh(appeal), "nl")

    assert early == 422
    [field] = undecided["error"]["fields"]
    assert (field["field"], field["code"]) == ("appellant.case_reference", "not_decided_yet")
    assert "not decided" not in field["message"]  # in Dutch
    assert status == 201, receipt
    stored = portal.case_item(receipt["reference"])
    assert stored is not None
    assert json.loads(stored["details"])["contested_case"] == notice["reference"]


@pytest.mark.parametrize("decided", [False, True])
def test_a_notice_is_never_revealed_to_another_sender(portal: LocalPortal, decided: bool) -> None:
    _, notice = portal.post("/api/v1/notices", fresh(NOTICE_EXAMPLE))
    if decided:
        decide(portal, notice["reference"], date.today() - timedelta(days=10))

    _, other = portal.post(
        "/api/v1/appeals", notifier_appeal(notice["reference"], "someone.else@example.org")
    )
    _, unknown = portal.post(
        "/api/v1/appeals", notifier_appeal(new_reference("NT"), "someone.else@example.org")
    )

    assert other["error"]["fields"] == unknown["error"]["fields"]
    assert other["error"]["fields"][0]["code"] == "case_not_found"


def test_a_review_author_appeals_with_the_reference_of_our_statement_of_reasons(
    portal: LocalPortal,
) -> None:
    _, notice = portal.post("/api/v1/notices", fresh(NOTICE_EXAMPLE))
    decide(portal, notice["reference"], date.today() - timedelta(days=4), "author@example.com")
    appeal = fresh(
        appeal_example(date.today()),
        appellant={
            "role": "review_author",
            "decision": "review_removed",
            "case_reference": notice["reference"],
        },
        email="Author@Example.com",
    )

    status, receipt = portal.post("/api/v1/appeals", appeal)

    assert status == 201, receipt


def test_an_appeal_naming_an_unknown_case_is_refused_on_that_field(portal: LocalPortal) -> None:
    appeal = fresh(
        appeal_example(date.today()),
        appellant={"role": "notifier", "case_reference": new_reference("NT")},
    )

    status, body = portal.post("/api/v1/appeals", appeal)

    assert status == 422
    assert body["error"]["fields"][0]["code"] == "case_not_found"


def forget_idempotency_records(portal: LocalPortal) -> None:
    """What DynamoDB's TTL does to the idempotency records after a day."""
    table = portal.deployed.refs["IdempotencyTable"]
    for item in portal.dynamodb.scan(TableName=table)["Items"]:
        portal.dynamodb.delete_item(TableName=table, Key={"id": item["id"]})


def test_a_submission_id_used_on_another_form_gets_its_own_case(portal: LocalPortal) -> None:
    notice = fresh(NOTICE_EXAMPLE)
    message = fresh(AUTHORITY_EXAMPLE, submission_id=notice["submission_id"])
    _, first = portal.post("/api/v1/notices", notice)

    status, receipt = portal.post("/api/v1/authority-messages", message)
    forget_idempotency_records(portal)
    again = portal.post("/api/v1/authority-messages", message)

    assert status == 201
    assert receipt["reference"].startswith("AU-")
    assert receipt["reference"] != first["reference"]
    assert receipt["received_at"] != first["received_at"]
    assert again == (201, receipt)
    assert portal.case_item(receipt["reference"])["kind"] == "authority_message"  # type: ignore[index]
    assert portal.case_item(first["reference"])["kind"] == "notice"  # type: ignore[index]


def test_other_content_under_a_used_submission_id_is_refused_after_the_idempotency_record_is_gone(
    portal: LocalPortal,
) -> None:
    notice = fresh(NOTICE_EXAMPLE)
    portal.post("/api/v1/notices", notice)
    forget_idempotency_records(portal)

    status, body = portal.post(
        "/api/v1/notices", {**notice, "explanation": notice["explanation"] + " Changed."}, "fr"
    )

    assert status == 409
    assert body["error"]["code"] == "submission_id_reused"
    assert "reference" not in body
    assert len([i for i in portal.items("CASE#") if i["sk"] == "CASE"]) == 1


def test_a_late_retry_gets_the_stored_case_whatever_its_challenge_or_honeypot(
    portal: LocalPortal,
) -> None:
    notice = fresh(NOTICE_EXAMPLE)
    first = portal.post("/api/v1/notices", notice)
    forget_idempotency_records(portal)

    again = portal.post("/api/v1/notices", {**notice, "challenge": "other", "website": "x"})
    portal.deliver()

    assert again == first
    [stored] = [i for i in portal.items("CASE#") if i["sk"] == "CASE"]
    assert stored["status"] == "received"
    assert len(portal.mails_to(notice["email"])) == 1
