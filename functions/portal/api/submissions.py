"""
Receiving a submission, the same way for every form: once per form and submission ID (a
retry gets the first answer back, different content under the same ID is refused, for a
day by the idempotency record, then by the case's claim and its fingerprint), spam stored
but silent, the proof-of-work checked, then the domain decides and the case is stored.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.idempotency import idempotent_function
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyPersistenceLayerError,
)
from pydantic import BaseModel, Field

from portal.api.responses import Receipt
from portal.api.wiring import Wiring, wiring
from portal.domain.appeals import Appeal, submit_appeal
from portal.domain.authority_messages import AuthorityMessage, submit_authority_message
from portal.domain.cases import Case, CaseKind, CaseStatus
from portal.domain.intake import fingerprint
from portal.domain.notices import Notice, submit_notice
from portal.observability import logger, metrics

OPERATOR_TIME_ZONE = ZoneInfo("Europe/Paris")


class AbuseGuards(BaseModel):
    """The fields every form's request adds to its content: the proof of work, the honeypot."""

    challenge: str | None = Field(
        None,
        description=(
            "The solved proof-of-work challenge from GET /api/v1/challenge (ALTCHA payload, "
            "base64). Required unless the portal runs with PORTAL_CHALLENGE=off."
        ),
        max_length=10_000,
    )
    website: str = Field(
        "", description="Leave empty: a field that only bots fill in.", max_length=500
    )


# Fields of a request that are about abuse, not content: they may change between retries.
ABUSE_FIELDS = frozenset(AbuseGuards.model_fields)
METRICS = {
    CaseKind.NOTICE: "NoticesReceived",
    CaseKind.AUTHORITY_MESSAGE: "AuthorityMessagesReceived",
    CaseKind.APPEAL: "AppealsReceived",
}

Service = Callable[[dict[str, Any], datetime, bool, Wiring], Case]


def _notice(content: dict[str, Any], now: datetime, spam: bool, w: Wiring) -> Case:
    notice = Notice.model_validate(content)
    return submit_notice(
        notice,
        received_at=now,
        spam=spam,
        store=w.cases,
        uploads=w.uploads,
        fingerprint=fingerprint(content),
    )


def _appeal(content: dict[str, Any], now: datetime, spam: bool, w: Wiring) -> Case:
    appeal = Appeal.model_validate(content)
    today = now.astimezone(OPERATOR_TIME_ZONE).date()
    return submit_appeal(
        appeal,
        received_at=now,
        today=today,
        spam=spam,
        store=w.cases,
        uploads=w.uploads,
        fingerprint=fingerprint(content),
    )


def _authority_message(content: dict[str, Any], now: datetime, spam: bool, w: Wiring) -> Case:
    message = AuthorityMessage.model_validate(content)
    return submit_authority_message(
        message,
        received_at=now,
        spam=spam,
        store=w.cases,
        uploads=w.uploads,
        fingerprint=fingerprint(content),
    )


SERVICES: dict[CaseKind, Service] = {
    CaseKind.NOTICE: _notice,
    CaseKind.APPEAL: _appeal,
    CaseKind.AUTHORITY_MESSAGE: _authority_message,
}


def record(submission: dict[str, Any]) -> dict[str, Any]:
    """Store one submission; run at most once per (kind, submission ID)."""
    current = wiring()
    kind = CaseKind(submission["kind"])
    content = submission["content"]
    spam = bool(submission.get("website"))
    if not spam:
        # Spent per form and ID, as the ID is claimed: one proof of work, one submission.
        current.challenge.verify(submission.get("challenge"), f"{kind}#{content['submission_id']}")
    case = SERVICES[kind](content, datetime.now(UTC), spam, current)
    if case.status is CaseStatus.SPAM:
        metrics.add_metric(name="SpamSubmissions", unit=MetricUnit.Count, value=1)
    else:
        metrics.add_metric(name=METRICS[kind], unit=MetricUnit.Count, value=1)
    logger.info(
        "case stored",
        extra={"reference": case.reference, "kind": kind.value, "status": case.status.value},
    )
    # A bot caught by the honeypot gets the same answer as a person: it must not learn.
    status = CaseStatus.RECEIVED if case.status is CaseStatus.SPAM else case.status
    return Receipt(
        reference=case.reference, status=status, received_at=case.received_at
    ).model_dump(mode="json")


def receive(kind: CaseKind, request: BaseModel) -> Receipt:
    data = request.model_dump(mode="json")
    submission = {
        "kind": kind.value,
        "content": {key: value for key, value in data.items() if key not in ABUSE_FIELDS},
        "challenge": data.get("challenge"),
        "website": data.get("website", ""),
    }
    current = wiring()
    stored: list[dict[str, Any]] = []

    def record_and_keep(submission: dict[str, Any]) -> dict[str, Any]:
        stored.append(record(submission))
        return stored[-1]

    once = idempotent_function(
        record_and_keep,
        data_keyword_argument="submission",
        persistence_store=current.idempotency_store,
        config=current.idempotency_config,
        key_prefix="portal.submission",  # the key names no function: renaming one is safe
    )
    try:
        return Receipt.model_validate(once(submission=submission))
    except IdempotencyPersistenceLayerError:
        if not stored:
            raise
    # The case is stored; only marking the idempotency record done failed. Tell the sender
    # now: a retry finds the case through its claim (once the record's in-progress window
    # has passed), and its e-mails left with the case, once.
    logger.warning("idempotency record left in progress", extra={"kind": kind.value})
    return Receipt.model_validate(stored[-1])
