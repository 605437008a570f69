"""
Statements of reasons from the cases table to the Transparency Database's stand-in: the
outbox items a decision writes go through the table's stream, the statements queue and the
worker, over HTTP, and each item records what became of it, shown on the staff's case page.
"""

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
import urllib3

from portal.adapters.cases import to_attributes
from portal.adapters.statement_outbox import DynamoStatementOutbox
from portal.api.notices import EXAMPLE
from portal.domain import decision_examples
from portal.domain.statement_submission import QueuedStatement, SubmissionState
from portal.domain.statements import notice_statements, payload
from portal.local.transparency_db import DEV_STATEMENTS_PATH
from tests.fakes import FakeStatementOutbox
from tests.integration.harness import LocalPortal
from tests.unit.decision_inputs import RULES_URL, decided, notice_case, review_decision

NOW = datetime(2026, 11, 22, 10, 5, tzinfo=UTC)


def decision_statements(reviews: int) -> list[dict[str, Any]]:
    """The statements the builder makes for a notice whose every review is removed."""
    case = notice_case(reviews=reviews)
    decision = decided(
        case, *(review_decision(number, "remove") for number in range(1, reviews + 1))
    )
    return [payload(statement) for statement in notice_statements(decision, rules_url=RULES_URL)]


def store_statements(portal: LocalPortal, statements: list[dict[str, Any]]) -> str:
    """Write the outbox items as the decision's transaction does; returns the reference."""
    reference = str(statements[0]["puid"]).rsplit("-R", 1)[0]
    for statement in statements:
        item = {
            "pk": f"CASE#{reference}",
            "sk": f"SOR#{statement['puid']}",
            "statement": json.dumps(statement),
            "state": "pending",
            "queued_at": NOW.isoformat(),
        }
        portal.dynamodb.put_item(TableName=portal.table, Item=to_attributes(item))
    return reference


def statement_items(portal: LocalPortal, reference: str) -> dict[str, dict[str, Any]]:
    return {
        str(item["sk"]).removeprefix("SOR#"): item
        for item in portal.items(f"CASE#{reference}")
        if str(item["sk"]).startswith("SOR#")
    }


def stored_in_stand_in(portal: LocalPortal) -> Any:
    origin = portal.transparency_db_url.rsplit("/_dev/", 1)[0]
    response = urllib3.request("GET", f"{origin}{DEV_STATEMENTS_PATH}")
    assert response.status == 200
    return json.loads(response.data)


def test_a_decisions_statements_reach_the_transparency_database_once(portal: LocalPortal) -> None:
    statements = decision_statements(reviews=3)
    reference = store_statements(portal, statements)

    portal.deliver()
    portal.deliver()  # nothing left: nothing sent again

    assert stored_in_stand_in(portal) == statements
    items = statement_items(portal, reference)
    for statement in statements:
        item = items[str(statement["puid"])]
        assert item["state"] == SubmissionState.SUBMITTED
        assert item["database_uuid"] == portal.transparency_db.stored[statement["puid"]]["uuid"]
        assert datetime.fromisoformat(item["submitted_at"]) > NOW


def test_the_stand_ins_refusals_are_parked_on_the_statements_they_concern(
    portal: LocalPortal,
) -> None:
    statements = decision_statements(reviews=4)
    statements[1] = {**statements[1], "decision_facts": "x" * 5001}
    statements[3] = {**statements[3], "category": "STATEMENT_CATEGORY_NOT_ONE"}
    reference = store_statements(portal, statements)

    portal.deliver()

    items = statement_items(portal, reference)
    states = [items[str(statement["puid"])]["state"] for statement in statements]
    assert states == ["submitted", "rejected", "submitted", "rejected"]
    assert items[str(statements[1]["puid"])]["database_message"] == (
        "The decision facts field must not be greater than 5000 characters."
    )
    assert items[str(statements[3]["puid"])]["database_message"] == (
        "The selected category is invalid."
    )
    assert "rejected_at" in items[str(statements[3]["puid"])]
    assert stored_in_stand_in(portal) == [statements[0], statements[2]]


def test_statements_wait_in_the_queue_while_the_database_refuses_the_token(
    portal: LocalPortal,
) -> None:
    portal.transparency_db.token = "a-token-issued-since"
    statements = decision_statements(reviews=1)
    reference = store_statements(portal, statements)

    portal.deliver()

    assert statement_items(portal, reference)[str(statements[0]["puid"])]["state"] == "pending"
    assert stored_in_stand_in(portal) == []
    portal.transparency_db.token = None  # the operator stored the new token

    portal.deliver()

    assert stored_in_stand_in(portal) == statements
    assert statement_items(portal, reference)[str(statements[0]["puid"])]["state"] == "submitted"


def test_a_public_notice_decided_by_staff_ends_in_the_stand_in_and_on_the_case_page(
    portal: LocalPortal,
) -> None:
    status, receipt = portal.post(
        "/api/v1/notices", {**EXAMPLE, "submission_id": str(uuid.uuid4())}
    )
    assert status == 201, receipt
    reference = receipt["reference"]
    portal.deliver()
    status, body = portal.staff(
        "POST", f"/api/v1/staff/cases/{reference}/decisions", decision_examples.NOTICE_DECISION
    )
    assert status == 201, body

    portal.deliver()

    queued = [json.loads(item["statement"]) for item in statement_items(portal, reference).values()]
    assert len(queued) == 1
    assert stored_in_stand_in(portal) == queued
    _, opened = portal.staff("GET", f"/api/v1/staff/cases/{reference}")
    [shown] = opened["statements"]
    assert (shown["puid"], shown["state"]) == (queued[0]["puid"], "submitted")
    assert shown["submitted_at"] is not None


# The outbox's contract, for the fake the unit tests use and the DynamoDB adapter alike.


def dynamo_outbox(portal: LocalPortal, queued: QueuedStatement) -> DynamoStatementOutbox:
    store_statements(portal, [queued.statement])
    return DynamoStatementOutbox(portal.table, boto3.client("dynamodb"))


def fake_outbox(portal: LocalPortal, queued: QueuedStatement) -> FakeStatementOutbox:
    outbox = FakeStatementOutbox()
    outbox.add(queued)
    return outbox


@pytest.mark.parametrize("make", [dynamo_outbox, fake_outbox])
def test_a_statement_is_settled_once_and_never_made_up(portal: LocalPortal, make: Any) -> None:
    (statement,) = decision_statements(reviews=1)
    reference = str(statement["puid"]).rsplit("-R", 1)[0]
    queued = QueuedStatement(reference=reference, puid=statement["puid"], statement=statement)
    outbox = make(portal, queued)

    assert outbox.state(reference, queued.puid) == SubmissionState.PENDING
    assert outbox.mark_rejected(reference, queued.puid, NOW, "The selected category is invalid.")
    assert not outbox.mark_submitted(reference, queued.puid, NOW, "u-1")
    assert outbox.state(reference, queued.puid) == SubmissionState.REJECTED
    assert outbox.state(reference, "NT-NONE-0000-R01") is None
    assert not outbox.mark_submitted(reference, "NT-NONE-0000-R01", NOW, "u-2")
