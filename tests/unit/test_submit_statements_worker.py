"""
The statements worker as SQS drives it: one batch, answered with the messages to deliver
again (partial batch failures), and nothing else.
"""

from typing import Any, cast

import pytest
from aws_lambda_powertools.utilities.typing import LambdaContext

from portal.bootstrap.submit_statements import SubmitStatementsServices
from portal.domain.statement_submission import DatabaseBusy, QueuedStatement, SubmissionState
from portal.workers import submit_statements
from tests.events import FakeContext, sqs_event
from tests.fakes import FakeStatementOutbox, FakeTransparencyDatabase
from tests.unit.test_statement_submission import NOW, queued

CONTEXT = cast(LambdaContext, FakeContext())


@pytest.fixture
def database() -> FakeTransparencyDatabase:
    return FakeTransparencyDatabase()


@pytest.fixture
def outbox() -> FakeStatementOutbox:
    return FakeStatementOutbox()


@pytest.fixture(autouse=True)
def services(
    database: FakeTransparencyDatabase, outbox: FakeStatementOutbox
) -> SubmitStatementsServices:
    # tests/conftest.py's fresh_services forgets them after the test.
    submit_statements.services = SubmitStatementsServices(database=database, outbox=outbox)
    return submit_statements.services


def event(*statements: QueuedStatement, received: int = 1) -> dict[str, Any]:
    built = sqs_event(*(statement.model_dump_json() for statement in statements))
    for record in built["Records"]:
        record["attributes"]["ApproximateReceiveCount"] = str(received)
    return built


def pending(
    outbox: FakeStatementOutbox, count: int, prefix: str, **changes: Any
) -> list[QueuedStatement]:
    """Statements their decision stored in the outbox, waiting to be submitted."""
    statements = queued(count, prefix=prefix, **changes)
    for statement in statements:
        outbox.add(statement)
    return statements


def failed(answer: dict[str, Any]) -> list[str]:
    return [item["itemIdentifier"] for item in answer["batchItemFailures"]]


def test_submitted_and_refused_statements_leave_the_queue_unreadable_ones_do_not(
    database: FakeTransparencyDatabase, outbox: FakeStatementOutbox
) -> None:
    good = pending(outbox, 2, "NT-WORK-0001")
    bad = pending(outbox, 1, "NT-WORK-0002", decision_facts="")
    batch = event(*good, *bad)
    batch["Records"].append({**batch["Records"][0], "messageId": "m-broken", "body": "{"})

    answer = submit_statements.lambda_handler(batch, CONTEXT)

    assert failed(answer) == ["m-broken"]
    assert database.stored_puids() == [statement.puid for statement in good]
    assert outbox.state(bad[0].reference, bad[0].puid) == SubmissionState.REJECTED


def test_statements_the_database_did_not_take_are_delivered_again(
    database: FakeTransparencyDatabase, outbox: FakeStatementOutbox
) -> None:
    statements = pending(outbox, 3, "NT-WORK-0003")
    database.failures = [DatabaseBusy("429", may_have_stored=False, retry_after=60)]
    batch = event(*statements)

    answer = submit_statements.lambda_handler(batch, CONTEXT)

    assert failed(answer) == [record["messageId"] for record in batch["Records"]]
    assert database.stored_puids() == []


def test_a_message_delivered_again_is_looked_up_before_it_is_sent(
    database: FakeTransparencyDatabase, outbox: FakeStatementOutbox
) -> None:
    statements = pending(outbox, 2, "NT-WORK-0004")
    database.stand_in.post_statements({"statements": [statements[0].statement]}, {}, NOW)

    answer = submit_statements.lambda_handler(event(*statements, received=2), CONTEXT)

    assert failed(answer) == []
    assert database.lookups == [statement.puid for statement in statements]
    assert database.calls == [[statements[1].puid]]
    assert outbox.state(statements[0].reference, statements[0].puid) == SubmissionState.SUBMITTED


def test_an_outbox_that_cannot_be_read_fails_the_whole_batch(
    database: FakeTransparencyDatabase, outbox: FakeStatementOutbox
) -> None:
    statements = queued(2, prefix="NT-WORK-0005")
    batch = event(*statements)

    def unavailable(reference: str, puid: str) -> None:
        raise RuntimeError("DynamoDB unavailable")

    outbox.state = unavailable  # type: ignore[method-assign]

    answer = submit_statements.lambda_handler(batch, CONTEXT)

    assert failed(answer) == [record["messageId"] for record in batch["Records"]]
    assert database.calls == []
