"""
Submitting statements of reasons to the Transparency Database (Art. 24(5) DSA), against
the local stand-in's rules: up to 100 a call, retried when the database is busy, never
stored twice, a refused statement parked for staff while the others go through.
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.domain.statement_submission import (
    DatabaseBusy,
    QueuedStatement,
    Refused,
    Stored,
    Submission,
    SubmissionState,
    submit_statements,
)
from portal.domain.statements import notice_statements, payload
from tests.fakes import FakeStatementOutbox, FakeTransparencyDatabase
from tests.unit.decision_inputs import RULES_URL, decided, notice_case, review_decision

NOW = datetime(2026, 11, 22, 10, 5, tzinfo=UTC)
PROPERTY = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def _built() -> dict[str, Any]:
    case = notice_case(reviews=1)
    (statement,) = notice_statements(
        decided(case, review_decision(1, "remove")), rules_url=RULES_URL
    )
    return payload(statement)


def queued(count: int, prefix: str = "NT-SUBM-0000", **changes: Any) -> list[QueuedStatement]:
    """Statements built by the domain's builder, each with its own PUID."""
    return [
        QueuedStatement(
            reference=prefix,
            puid=f"{prefix}-R{index:03d}",
            statement={**_built(), "puid": f"{prefix}-R{index:03d}", **changes},
        )
        for index in range(1, count + 1)
    ]


class Run:
    def __init__(self, *statements: QueuedStatement) -> None:
        self.database = FakeTransparencyDatabase()
        self.outbox = FakeStatementOutbox()
        self.sleeps: list[float] = []
        for statement in statements:
            self.outbox.add(statement)

    def submit(
        self,
        statements: list[QueuedStatement],
        may_be_stored: frozenset[str] = frozenset(),
        seconds_left: float = 120.0,
    ) -> Submission:
        return submit_statements(
            statements,
            self.database,
            self.outbox,
            clock=lambda: NOW,
            sleep=self.sleeps.append,
            may_be_stored=may_be_stored,
            seconds_left=lambda: seconds_left - sum(self.sleeps),
        )

    def state(self, statement: QueuedStatement) -> dict[str, Any]:
        return self.outbox.items[(statement.reference, statement.puid)]


def busy(status: int | str, retry_after: float | None = None) -> DatabaseBusy:
    code = int(status)
    return DatabaseBusy(str(code), may_have_stored=code >= 500, retry_after=retry_after)


def test_statements_go_in_calls_of_at_most_100_and_each_is_recorded_submitted() -> None:
    statements = queued(250)
    run = Run(*statements)

    result = run.submit(statements)

    assert [len(call) for call in run.database.calls] == [100, 100, 50]
    assert run.database.stored_puids() == [statement.puid for statement in statements]
    assert result.submitted == {statement.puid for statement in statements}
    first = run.state(statements[0])
    assert first["state"] == SubmissionState.SUBMITTED
    assert first["submitted_at"] == NOW
    assert first["database_uuid"] == run.database.stand_in.stored[statements[0].puid]["uuid"]


def test_a_busy_database_is_called_again_after_its_retry_after_or_a_growing_backoff() -> None:
    statements = queued(3)
    run = Run(*statements)
    run.database.failures = [busy(429, retry_after=3), busy(429)]

    result = run.submit(statements)

    assert run.sleeps == [3, 2]
    assert len(run.database.calls) == 3
    assert result.submitted == {statement.puid for statement in statements}
    # A 429 stores nothing: nothing to look up before calling again.
    assert run.database.lookups == []


def test_a_database_still_failing_leaves_the_statements_pending_for_the_queue() -> None:
    statements = queued(2)
    run = Run(*statements)
    run.database.failures = [busy(429)] + [busy(503)] * 3

    result = run.submit(statements)

    assert len(run.database.calls) == 4
    assert run.sleeps == [1, 2, 4]
    # After a 5xx the call may have been stored: looked up before each new call.
    assert run.database.lookups == [statement.puid for statement in statements] * 2
    assert result.failed == {statement.puid for statement in statements}
    assert all(run.state(s)["state"] == SubmissionState.PENDING for s in statements)


def test_a_wait_longer_than_the_function_can_afford_is_left_to_the_queue() -> None:
    statements = queued(1)
    run = Run(*statements)
    run.database.failures = [busy(429, retry_after=120)]

    result = run.submit(statements)

    assert run.sleeps == []
    assert result.failed == {statements[0].puid}


def test_no_retry_is_started_that_the_functions_time_left_could_not_see_through() -> None:
    statements = queued(1)
    run = Run(*statements)
    run.database.failures = [busy(429, retry_after=5)] * 2

    result = run.submit(statements, seconds_left=44.0)

    assert run.sleeps == [5]  # 44 s: a wait and a call (40 s); 39 s left: not a second
    assert result.failed == {statements[0].puid}


def test_a_call_whose_answer_was_lost_is_looked_up_before_it_is_sent_again() -> None:
    statements = queued(3)
    run = Run(*statements)
    run.database.lost_answers = 1  # stored, then answered 502

    result = run.submit(statements)

    assert run.database.lookups == [statement.puid for statement in statements]
    assert len(run.database.calls) == 1  # never sent again
    assert run.database.stored_puids() == [statement.puid for statement in statements]
    assert result.submitted == {statement.puid for statement in statements}
    assert "database_uuid" in run.state(statements[0])


def test_a_message_delivered_again_is_looked_up_and_only_the_missing_ones_are_sent() -> None:
    statements = queued(3)
    run = Run(*statements)
    run.database.stand_in.post_statements({"statements": [statements[0].statement]}, {}, NOW)

    result = run.submit(statements, may_be_stored=frozenset(s.puid for s in statements[:2]))

    assert run.database.lookups == [statements[0].puid, statements[1].puid]
    assert run.database.calls == [[statements[1].puid, statements[2].puid]]
    assert result.submitted == {statement.puid for statement in statements}
    assert run.database.stored_puids() == [statement.puid for statement in statements]


def test_a_statement_the_lookup_does_not_see_yet_counts_as_stored_when_the_call_says_so() -> None:
    statements = queued(3)
    run = Run(*statements)
    run.database.stand_in.post_statements({"statements": [statements[1].statement]}, {}, NOW)
    run.database.lagging = {statements[1].puid}

    result = run.submit(statements, may_be_stored=frozenset({statements[1].puid}))

    # The whole call was refused for the duplicate; the others went again without it.
    assert run.database.calls == [
        [statement.puid for statement in statements],
        [statements[0].puid, statements[2].puid],
    ]
    assert result.submitted == {statement.puid for statement in statements}
    assert run.database.stored_puids().count(statements[1].puid) == 1


def test_a_refused_statement_is_parked_with_the_databases_message_and_the_others_go_on() -> None:
    good = queued(4)
    bad = queued(1, prefix="NT-BADD-0000", category="STATEMENT_CATEGORY_NOT_A_CATEGORY")
    statements = [good[0], good[1], *bad, good[2], good[3]]
    run = Run(*statements)

    result = run.submit(statements)

    assert result.rejected == {bad[0].puid: "The selected category is invalid."}
    rejected = run.state(bad[0])
    assert rejected["state"] == SubmissionState.REJECTED
    assert rejected["database_message"] == "The selected category is invalid."
    assert rejected["rejected_at"] == NOW
    assert run.database.stored_puids() == [statement.puid for statement in good]
    assert result.submitted == {statement.puid for statement in good}


def test_a_refused_statement_is_never_sent_again() -> None:
    bad = queued(1, decision_facts="")
    run = Run(*bad)
    run.submit(bad)
    calls = len(run.database.calls)

    again = run.submit(bad, may_be_stored=frozenset({bad[0].puid}))

    assert len(run.database.calls) == calls
    assert run.database.lookups == []
    assert again.settled == {bad[0].puid}


def test_statements_recorded_submitted_are_skipped() -> None:
    statements = queued(3)
    run = Run(*statements)
    run.outbox.add(statements[0], state=SubmissionState.SUBMITTED)

    result = run.submit([*statements, statements[1]])  # the same message delivered twice

    assert run.database.calls == [[statements[1].puid, statements[2].puid]]
    assert result.settled == {statements[0].puid}
    assert run.database.stored_puids() == [statements[1].puid, statements[2].puid]


class UnexplainedRefusals(FakeTransparencyDatabase):
    """Refuses every call holding `culprit` without saying which statement is at fault."""

    def __init__(self, culprit: str) -> None:
        super().__init__()
        self.culprit = culprit

    def submit(self, statements: Sequence[dict[str, Any]]) -> Stored | Refused:
        if any(statement["puid"] == self.culprit for statement in statements):
            self.calls.append([str(statement["puid"]) for statement in statements])
            return Refused(message="The statements field must be an array.")
        return super().submit(statements)


def test_a_refusal_naming_no_statement_is_narrowed_down_to_the_one_at_fault() -> None:
    statements = queued(8)
    run = Run(*statements)
    run.database = UnexplainedRefusals(culprit=statements[5].puid)

    result = run.submit(statements)

    assert result.rejected == {statements[5].puid: "The statements field must be an array."}
    others = [statement.puid for statement in statements if statement is not statements[5]]
    assert sorted(run.database.stored_puids()) == sorted(others)
    # Halved while the culprit is in: 8, 4 (stored) + 4, 2 + (2), 1 (stored) + 1, then 2.
    assert [len(call) for call in run.database.calls] == [8, 4, 4, 2, 1, 1, 2]


@PROPERTY
@given(
    sizes=st.lists(st.integers(min_value=1, max_value=130), min_size=1, max_size=3),
    bad=st.sets(st.integers(min_value=0, max_value=389), max_size=5),
    failures=st.lists(st.sampled_from([429, 500, 503, "lost"]), max_size=6),
    lagging=st.booleans(),
)
def test_whatever_fails_each_statement_is_stored_once_or_parked_and_none_is_lost(
    sizes: list[int], bad: set[int], failures: list[int | str], lagging: bool
) -> None:
    statements = [
        statement
        for batch, size in enumerate(sizes)
        for statement in queued(size, prefix=f"NT-PROP-{batch:04d}")
    ]
    statements = [
        s.model_copy(update={"statement": {**s.statement, "decision_facts": ""}})
        if index in bad
        else s
        for index, s in enumerate(statements)
    ]
    refused = {s.puid for index, s in enumerate(statements) if index in bad}
    run = Run(*statements)
    database = run.database
    database.failures = [busy(f) for f in failures if f != "lost"]
    database.lost_answers = failures.count("lost")
    if lagging:
        database.lagging = {s.puid for s in statements}

    # The queue delivers what failed again, as SQS does, until nothing is left.
    first = run.submit(statements)
    left = first.failed
    deliveries = 0
    while left and deliveries < 10:
        deliveries += 1
        again = [s for s in statements if s.puid in left]
        left = run.submit(again, may_be_stored=frozenset(left)).failed

    stored = database.stored_puids()
    assert len(stored) == len(set(stored))  # never twice
    assert set(stored) == {s.puid for s in statements} - refused
    assert {p for (_, p), item in run.outbox.items.items() if item["state"] == "rejected"} == (
        refused
    )
    assert all(
        run.outbox.items[(s.reference, s.puid)]["state"] == SubmissionState.SUBMITTED
        for s in statements
        if s.puid not in refused
    )
