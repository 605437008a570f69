"""
Issue 10 end to end under moto: a public submission, staff's decision through the staff
API, the e-mails in each recipient's language, the statements of reasons waiting for the
Transparency Database; a notifier's appeal, its decision by a person, and the reversal.
"""

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from portal.api.appeals import example as appeal_example
from portal.api.authority_messages import EXAMPLE as AUTHORITY_EXAMPLE
from portal.api.notices import EXAMPLE as NOTICE_EXAMPLE
from portal.api.notices import ILLEGAL_EXAMPLE
from portal.domain import decision_examples
from portal.local.transparency_db import validate
from tests import documents
from tests.integration.harness import LocalPortal

STAFF = "/api/v1/staff/cases"


def fresh(example: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**example, "submission_id": str(uuid.uuid4()), **changes}


def submit(portal: LocalPortal, path: str, body: dict[str, Any]) -> str:
    status, receipt = portal.post(path, body)
    assert status == 201, receipt
    return str(receipt["reference"])


def decide(
    portal: LocalPortal, reference: str, body: dict[str, Any], groups: str = "[legal]"
) -> tuple[int, Any]:
    return portal.staff("POST", f"{STAFF}/{reference}/decisions", body, groups=groups)


def statements(portal: LocalPortal, reference: str) -> list[dict[str, Any]]:
    return [
        json.loads(item["statement"])
        for item in portal.items(f"CASE#{reference}")
        if str(item["sk"]).startswith("SOR#")
    ]


def test_a_notice_decision_informs_both_people_and_queues_a_valid_statement(
    portal: LocalPortal,
) -> None:
    reference = submit(portal, "/api/v1/notices", fresh(NOTICE_EXAMPLE))
    portal.deliver()

    status, body = decide(portal, reference, decision_examples.NOTICE_DECISION)

    assert status == 201, body
    case = body["case"]
    assert case["status"] == "decided"
    assert [review["outcome"] for review in case["decision"]["reviews"]] == ["remove", "no_action"]
    assert case["decision"]["decided_by"] == "legal@staff.example"
    assert [entry["action"] for entry in body["history"]][-2:] == ["decided", "viewed"]
    # One statement, for the one restricted review, that the database's rules accept.
    [statement] = statements(portal, reference)
    assert validate(statement) == {}
    assert statement["source_type"] == "SOURCE_TYPE_OTHER_NOTIFICATION"
    assert "buyer.one@example.com" not in json.dumps(statement)
    assert "alex.martin" not in json.dumps(statement).lower()

    portal.deliver()

    [told] = [m for m in portal.mails_to("alex.martin@example.com") if "decision" in m["subject"]]
    assert reference in told["subject"]
    assert "appeal" in told["body"] and "out-of-court" in told["body"]
    [author] = portal.mails_to("buyer.one@example.com")
    assert '<html lang="fr">' in author["body"]  # the author's language, not the notifier's
    assert "Alex" not in author["body"] and "alex.martin" not in author["body"]
    assert "article 21" in author["body"]  # the out-of-court bodies, in French
    _, opened = portal.staff("GET", f"{STAFF}/{reference}")
    sent = {(mail["template"], mail["to"], mail["state"]) for mail in opened["mails"]}
    assert ("statement_of_reasons", "buyer.one@example.com", "sent") in sent
    assert ("notice_decided", "alex.martin@example.com", "sent") in sent
    timings = opened["case"]["timings"]
    assert timings["received_at"] <= timings["acknowledged_at"] <= timings["decided_at"]
    assert timings["decided_at"] <= timings["informed_at"]


def test_a_second_decision_answers_409_and_changes_nothing(portal: LocalPortal) -> None:
    reference = submit(portal, "/api/v1/notices", fresh(NOTICE_EXAMPLE))
    assert decide(portal, reference, decision_examples.NOTICE_DECISION)[0] == 201

    status, body = decide(portal, reference, decision_examples.NOTICE_DECISION)

    assert status == 409
    assert body["error"]["code"] == "already_decided"
    assert len(statements(portal, reference)) == 1


def test_an_illegal_content_notice_gives_an_article_16_statement(portal: LocalPortal) -> None:
    reference = submit(portal, "/api/v1/notices", fresh(ILLEGAL_EXAMPLE))

    status, _ = decide(portal, reference, decision_examples.ILLEGAL_NOTICE_DECISION)

    assert status == 201
    [statement] = statements(portal, reference)
    assert statement["source_type"] == "SOURCE_ARTICLE_16"
    assert validate(statement) == {}


def test_invalid_decisions_name_the_field_in_the_staff_language(portal: LocalPortal) -> None:
    reference = submit(portal, "/api/v1/notices", fresh(NOTICE_EXAMPLE))
    decision = json.loads(json.dumps(decision_examples.NOTICE_DECISION))
    decision["reviews"][0]["facts"] = "Written by buyer.one@example.com about order 48213377."
    del decision["reviews"][0]["ground"]

    status, body = portal.staff("POST", f"{STAFF}/{reference}/decisions", decision, language="fr")

    assert status == 422
    fields = {field["field"] for field in body["error"]["fields"]}
    assert fields == {"reviews.0.ground"}
    decision["reviews"][0]["ground"] = decision_examples.NOTICE_DECISION["reviews"][0]["ground"]
    status, body = decide(portal, reference, decision)
    assert status == 422
    assert body["error"]["fields"][0]["field"] == "reviews.0.facts"
    assert body["error"]["fields"][0]["code"].startswith("personal_data_")
    assert decide(portal, reference, {"reviews": [{"review": 1}]})[0] == 422
    assert portal.case_item(reference)["status"] == "received"  # type: ignore[index]


def test_a_notifiers_upheld_appeal_reverses_the_decision_and_tells_everyone(
    portal: LocalPortal,
) -> None:
    notice = submit(portal, "/api/v1/notices", fresh(NOTICE_EXAMPLE))
    assert decide(portal, notice, decision_examples.NOTICE_DECISION)[0] == 201
    appeal_body = fresh(
        appeal_example(date.today()),
        language="en",
        email="alex.martin@example.com",
        appellant={"role": "notifier", "case_reference": notice},
    )
    appeal = submit(portal, "/api/v1/appeals", appeal_body)
    portal.deliver()

    status, body = decide(portal, appeal, decision_examples.APPEAL_DECISION)

    assert status == 201, body
    assert body["case"]["decision"]["outcome"] == "upheld"
    assert body["case"]["decision"]["decided_by"] == "legal@staff.example"
    _, notice_file = portal.staff("GET", f"{STAFF}/{notice}")
    reversal = notice_file["case"]["decision"]["reversal"]
    assert reversal["appeal_reference"] == appeal and reversal["reviews"] == [1, 2]
    assert "reversed" in [entry["action"] for entry in notice_file["history"]]
    portal.deliver()
    appellant = [m["subject"] for m in portal.mails_to("alex.martin@example.com")]
    assert any(appeal in subject and "appeal" in subject for subject in appellant)
    assert any("reversed" in subject for subject in appellant)
    author = [m for m in portal.mails_to("buyer.one@example.com") if notice in m["subject"]]
    assert len(author) == 2  # the statement of reasons, then its reversal (in French)
    # The review's restoration, with its time.
    restored_at = datetime.now(UTC).isoformat()
    status, restored = portal.staff(
        "POST", f"{STAFF}/{notice}/restoration", {"restored_at": restored_at}
    )
    assert status == 200, restored
    assert restored["case"]["decision"]["reversal"]["restored_at"] is not None
    # Decided once: a second appeal decision is a 409.
    assert decide(portal, appeal, decision_examples.APPEAL_DECISION)[0] == 409


def test_an_authority_order_records_receipt_and_effect_and_replies_in_french(
    portal: LocalPortal,
) -> None:
    message = fresh(AUTHORITY_EXAMPLE, language="fr", official_email="dgccrf@example.gouv.fr")
    reference = submit(portal, "/api/v1/authority-messages", message)

    # A market surveillance authority's message goes to the product-safety team only.
    assert decide(portal, reference, decision_examples.AUTHORITY_ORDER)[0] == 404
    status, body = decide(
        portal, reference, decision_examples.AUTHORITY_ORDER, groups="[product_safety]"
    )

    assert status == 201, body
    record = body["case"]["decision"]
    assert record["effect"] and record["user_informed"] is True
    decided = datetime.fromisoformat(body["case"]["timings"]["decided_at"])
    assert decided == datetime.fromisoformat(record["effect_given_at"])
    portal.deliver()
    subjects = [m["subject"] for m in portal.mails_to("dgccrf@example.gouv.fr")]
    assert any("Accusé" in s or "réception" in s for s in subjects), subjects
    assert any(reference in s and "Suite donnée" in s for s in subjects), subjects


def test_staff_see_their_teams_cases_only_and_need_a_team(portal: LocalPortal) -> None:
    reference = submit(portal, "/api/v1/notices", fresh(NOTICE_EXAMPLE))

    assert portal.staff("GET", f"{STAFF}/{reference}", groups="[product_safety]")[0] == 404
    status, body = portal.staff("GET", f"{STAFF}/{reference}", groups="[]")
    assert status == 403 and body["error"]["code"] == "staff_forbidden"
    status, listed = portal.staff("GET", f"{STAFF}?kind=notice", groups="[product_safety]")
    assert status == 200 and listed["cases"] == []


def test_the_list_filters_by_kind_status_and_day_and_pages(portal: LocalPortal) -> None:
    references = [submit(portal, "/api/v1/notices", fresh(NOTICE_EXAMPLE)) for _ in range(3)]
    decide(portal, references[0], decision_examples.NOTICE_DECISION)
    today = date.today().isoformat()

    status, first = portal.staff("GET", f"{STAFF}?kind=notice&status=received&limit=1")
    assert status == 200 and len(first["cases"]) == 1 and first["next_cursor"]
    _, second = portal.staff(
        "GET", f"{STAFF}?kind=notice&status=received&limit=1&cursor={first['next_cursor']}"
    )
    listed = {first["cases"][0]["reference"], second["cases"][0]["reference"]}
    assert listed == set(references[1:])
    _, decided = portal.staff("GET", f"{STAFF}?kind=notice&status=decided&received_from={today}")
    assert [case["reference"] for case in decided["cases"]] == [references[0]]
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    _, none = portal.staff("GET", f"{STAFF}?kind=notice&received_from={tomorrow}")
    assert none["cases"] == []
    status, bad = portal.staff("GET", f"{STAFF}?cursor=bm90LWEta2V5")
    assert status == 422 and bad["error"]["fields"][0]["field"] == "cursor"
    assert portal.staff("GET", f"{STAFF}?kind=letters")[0] == 422


def test_viewing_and_downloading_are_recorded_and_links_expire_in_minutes(
    portal: LocalPortal,
) -> None:
    upload_id = portal.upload(documents.pdf(pages=1), "application/pdf")
    portal.deliver()
    reference = submit(portal, "/api/v1/notices", fresh(NOTICE_EXAMPLE, attachments=[upload_id]))

    status, link = portal.staff("GET", f"{STAFF}/{reference}/attachments/0")
    assert status == 200, link
    assert "X-Amz-Expires=300" in link["url"] or "Expires=" in link["url"]
    expires = datetime.fromisoformat(link["expires_at"])
    assert expires - datetime.now(UTC) <= timedelta(minutes=5)
    assert portal.staff("GET", f"{STAFF}/{reference}/attachments/1")[0] == 404
    _, opened = portal.staff("GET", f"{STAFF}/{reference}", email="other@staff.example")
    actions = [(e["action"], e["actor"]) for e in opened["history"]]
    assert actions == [
        ("downloaded_attachment", "legal@staff.example"),
        ("viewed", "other@staff.example"),
    ]


@pytest.mark.parametrize("kind", ["notice", "illegal_notice", "appeal", "authority_message"])
def test_each_openapi_example_is_accepted_as_is_for_a_fresh_case(
    portal: LocalPortal, kind: str
) -> None:
    from portal.api.staff_app import openapi_document

    examples = json.loads(openapi_document())["paths"]["/api/v1/staff/cases/{reference}/decisions"][
        "post"
    ]["requestBody"]["content"]["application/json"]["examples"]
    if kind == "appeal":
        notice = submit(portal, "/api/v1/notices", fresh(NOTICE_EXAMPLE))
        decide(portal, notice, decision_examples.NOTICE_DECISION)
        reference = submit(
            portal,
            "/api/v1/appeals",
            fresh(
                appeal_example(date.today()),
                email=NOTICE_EXAMPLE["email"],
                appellant={"role": "notifier", "case_reference": notice},
            ),
        )
    elif kind == "authority_message":
        reference = submit(portal, "/api/v1/authority-messages", fresh(AUTHORITY_EXAMPLE))
    else:
        example = ILLEGAL_EXAMPLE if kind == "illegal_notice" else NOTICE_EXAMPLE
        reference = submit(portal, "/api/v1/notices", fresh(example))

    groups = "[product_safety]" if kind == "authority_message" else "[legal]"
    status, body = decide(portal, reference, examples[kind]["value"], groups=groups)

    assert status == 201, body


def test_an_authority_order_recorded_again_replaces_the_record_and_mails_each_reply_once(
    portal: LocalPortal,
) -> None:
    reference = submit(portal, "/api/v1/authority-messages", fresh(AUTHORITY_EXAMPLE))
    receipt_only = {"user_informed": False}

    first = decide(portal, reference, receipt_only, groups="[product_safety]")
    second = decide(portal, reference, decision_examples.AUTHORITY_ORDER, groups="[product_safety]")

    assert (first[0], second[0]) == (201, 201), second
    assert second[1]["case"]["decision"]["effect"] == decision_examples.AUTHORITY_ORDER["effect"]
    templates = [mail["template"] for mail in second[1]["mails"]]
    assert templates.count("authority_receipt_confirmed") == 1
    assert templates.count("authority_effect_given") == 1
