"""
Submitting statements of reasons to the Commission's Transparency Database (Art. 24(5)
DSA): up to 100 a call, each stored there once, none held up by another.

The database's PUID is unique per platform and a statement is public once stored, so a
statement is never sent twice: one recorded as submitted is skipped, and one that may
already have reached the database (an answer lost to a 5xx or a timeout, a message SQS
delivers again) is looked up by PUID first (GET existing-puid). That lookup may lag the
database (transparency-database issue #435), so a 422 naming PUIDs it already holds
counts as stored too. A statement the database refuses (422) is parked for staff with
the database's message and never sent again; the rest of its call is sent without it.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from portal.domain.ports import StatementOutbox, TransparencyDatabase

MAX_STATEMENTS_PER_CALL = 100  # sor-schema.json R16
# Calls the database did not answer (429, 5xx, no answer) tried again in-process, waiting
# BACKOFF_SECONDS * 2**n, or as long as its Retry-After asks if that is at most
# MAX_WAIT_SECONDS; past those, the statements go back to the queue, which retries later.
ATTEMPTS = 4
BACKOFF_SECONDS = 1.0
MAX_WAIT_SECONDS = 20.0
# The longest a call may take (adapters/transparency_database.py TIMEOUT): no retry is
# started that the function's time left could not see through.
CALL_SECONDS = 35.0


class SubmissionState(StrEnum):
    """Where a statement of a case's outbox (`SOR#<puid>`) stands."""

    PENDING = "pending"
    SUBMITTED = "submitted"
    # Refused by the database (422): staff must look; never sent again as it is.
    REJECTED = "rejected"


class QueuedStatement(BaseModel):
    """A statement waiting to be submitted: its case, its PUID, and the JSON to send."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    reference: str
    puid: str
    statement: dict[str, Any]


@dataclass(frozen=True)
class Stored:
    """201: every statement of the call stored; the database's identifier of each, by PUID."""

    uuids: dict[str, str]


@dataclass(frozen=True)
class Refused:
    """
    422: nothing of the call was stored. `errors`: the database's message for each statement
    it refused, by index in the call; `existing`: PUIDs it already holds.
    """

    message: str
    errors: dict[int, str] = field(default_factory=dict)
    existing: frozenset[str] = frozenset()


class DatabaseBusy(Exception):
    """
    The database did not take the call: 429, 5xx or no answer. `may_have_stored`: the call
    may have been stored all the same (a 5xx, a timeout; never a 429).
    """

    def __init__(self, cause: str, *, may_have_stored: bool, retry_after: float | None = None):
        super().__init__(cause)
        self.cause = cause
        self.may_have_stored = may_have_stored
        self.retry_after = retry_after


@dataclass
class Submission:
    """What became of each statement (by PUID) of one run."""

    submitted: set[str] = field(default_factory=set)
    rejected: dict[str, str] = field(default_factory=dict)
    # Not submitted this time (the database busy): the queue tries them again.
    failed: set[str] = field(default_factory=set)
    # Recorded already: submitted or rejected by an earlier run.
    settled: set[str] = field(default_factory=set)


def _wait(busy: DatabaseBusy, tries: int) -> float:
    if busy.retry_after is not None:
        return busy.retry_after
    return float(BACKOFF_SECONDS * 2 ** (tries - 1))


class _Run:
    def __init__(
        self,
        database: "TransparencyDatabase",
        outbox: "StatementOutbox",
        clock: Callable[[], datetime],
    ) -> None:
        self.database, self.outbox, self.clock = database, outbox, clock
        self.result = Submission()

    def submitted(self, queued: QueuedStatement, database_uuid: str | None) -> None:
        self.outbox.mark_submitted(queued.reference, queued.puid, self.clock(), database_uuid)
        self.result.submitted.add(queued.puid)

    def rejected(self, queued: QueuedStatement, message: str) -> None:
        self.outbox.mark_rejected(queued.reference, queued.puid, self.clock(), message)
        self.result.rejected[queued.puid] = message

    def not_yet_stored(self, statements: Sequence[QueuedStatement]) -> list[QueuedStatement]:
        """Those the database does not hold; the others are recorded as submitted."""
        left = []
        for queued in statements:
            found, database_uuid = self.database.find(queued.puid)
            if found:
                self.submitted(queued, database_uuid)
            else:
                left.append(queued)
        return left

    def call(self, call: list[QueuedStatement]) -> list[list[QueuedStatement]]:
        """Send one call; returns the calls still to send instead (none once it is settled)."""
        answer = self.database.submit([queued.statement for queued in call])
        if isinstance(answer, Stored):
            for queued in call:
                self.submitted(queued, answer.uuids.get(queued.puid))
            return []
        rest = []
        for index, queued in enumerate(call):
            if queued.puid in answer.existing:
                self.submitted(queued, None)
            elif index in answer.errors:
                self.rejected(queued, answer.errors[index])
            else:
                rest.append(queued)
        if len(rest) < len(call):
            return [rest] if rest else []
        # A refusal naming no statement: one alone is refused for itself; several are
        # split in two until the one at fault stands alone.
        if len(call) == 1:
            self.rejected(call[0], answer.message)
            return []
        half = len(call) // 2
        return [call[:half], call[half:]]


def submit_statements(
    statements: Sequence[QueuedStatement],
    database: "TransparencyDatabase",
    outbox: "StatementOutbox",
    *,
    clock: Callable[[], datetime],
    sleep: Callable[[float], None],
    may_be_stored: frozenset[str] = frozenset(),
    seconds_left: Callable[[], float] = lambda: float("inf"),
) -> Submission:
    """
    Submit each statement not yet recorded as submitted or rejected, and record what
    became of it. `may_be_stored`: PUIDs an earlier run may have sent (the queue delivers
    their message again): looked up in the database before anything is sent.
    `seconds_left`: the time the run may still take (the function's timeout).
    """
    run = _Run(database, outbox, clock)
    unique = {queued.puid: queued for queued in statements}
    todo: list[QueuedStatement] = []
    for queued in unique.values():
        if outbox.state(queued.reference, queued.puid) in {None, SubmissionState.PENDING}:
            todo.append(queued)
        else:
            run.result.settled.add(queued.puid)
    to_check = {queued.puid for queued in todo} & may_be_stored
    calls = [
        todo[start : start + MAX_STATEMENTS_PER_CALL]
        for start in range(0, len(todo), MAX_STATEMENTS_PER_CALL)
    ]
    tries = 0
    while calls:
        call = calls.pop(0)
        try:
            checked = [queued for queued in call if queued.puid in to_check]
            if checked:
                left = {queued.puid for queued in run.not_yet_stored(checked)}
                found = {queued.puid for queued in checked} - left
                call = [queued for queued in call if queued.puid not in found]
                to_check -= {queued.puid for queued in checked}
            if call:
                calls[:0] = run.call(call)
        except DatabaseBusy as busy:
            tries += 1
            if busy.may_have_stored:
                to_check |= {queued.puid for queued in call}
            wait = _wait(busy, tries)
            too_late = wait + CALL_SECONDS > seconds_left()
            if tries >= ATTEMPTS or wait > MAX_WAIT_SECONDS or too_late:
                left = {queued.puid for pending in [call, *calls] for queued in pending}
                run.result.failed = left - run.result.submitted
                break
            sleep(wait)
            calls.insert(0, call)
    return run.result
