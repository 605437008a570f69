"""
Receiving a submission, the same way for every form: once per form and submission ID (a
retry gets the first answer back, different content under the same ID is refused, for a
day by the idempotency record, then by the case's claim and its fingerprint), spam stored
but silent, the proof-of-work checked, then the domain decides and the case is stored.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.metrics import MetricUnit
from pydantic import BaseModel, ConfigDict, Field

from portal.api.responses import Receipt
from portal.domain.appeals import submit_appeal
from portal.domain.authority_messages import submit_authority_message
from portal.domain.cases import Case, CaseKind, CaseStatus
from portal.domain.notices import submit_notice
from portal.observability import logger, metrics

if TYPE_CHECKING:  # the bootstrap imports boto3: made at the first event, not at import
    from portal.bootstrap.api import ApiServices


class AbuseGuards(BaseModel):
    """The fields every form's request adds to its content: the proof of work, the honeypot."""

    model_config = ConfigDict(defer_build=True)

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

# Each form's domain service: validates the content, decides, stores the case.
SERVICES: dict[CaseKind, Callable[..., Case]] = {
    CaseKind.NOTICE: submit_notice,
    CaseKind.APPEAL: submit_appeal,
    CaseKind.AUTHORITY_MESSAGE: submit_authority_message,
}


def record(submission: dict[str, Any], services: "ApiServices") -> dict[str, Any]:
    """Store one submission; run at most once per (kind, submission ID)."""
    current = services
    kind = CaseKind(submission["kind"])
    content = submission["content"]
    spam = bool(submission.get("website"))
    # A form posted without JavaScript has no proof of work: its sender confirms their
    # address with a one-time link instead, before the case counts (api/form_posts.py).
    by_email = bool(submission.get("by_email"))
    if not spam and not by_email:
        # Spent per form and ID, as the ID is claimed: one proof of work, one submission.
        current.challenge.verify(submission.get("challenge"), f"{kind}#{content['submission_id']}")
    case = SERVICES[kind](content, spam=spam, intake=current.intake, by_email=by_email)
    if case.status is CaseStatus.SPAM:
        metrics.add_metric(name="SpamSubmissions", unit=MetricUnit.Count, value=1)
    else:
        metrics.add_metric(name=METRICS[kind], unit=MetricUnit.Count, value=1)
    logger.info(
        "case stored",
        extra={"reference": case.reference, "kind": kind.value, "status": case.status.value},
    )
    # A bot caught by the honeypot gets the same answer as a person: it must not learn.
    status = case.status
    if status is CaseStatus.SPAM:
        status = CaseStatus.AWAITING_CONFIRMATION if by_email else CaseStatus.RECEIVED
    return Receipt(
        reference=case.reference, status=status, received_at=case.received_at
    ).model_dump(mode="json")


def receive(
    kind: CaseKind, request: BaseModel, services: "ApiServices", *, by_email: bool = False
) -> Receipt:
    """`by_email`: a form posted without JavaScript (api/form_posts.py), no proof of work."""
    data = request.model_dump(mode="json")
    submission = {
        "kind": kind.value,
        "content": {key: value for key, value in data.items() if key not in ABUSE_FIELDS},
        "challenge": data.get("challenge"),
        "website": data.get("website", ""),
    }
    if by_email:
        submission["by_email"] = True
    # Powertools' idempotency imports boto3: loaded with the first submission (or before
    # the SnapStart snapshot, api/snapstart.py), not with the handler.
    from aws_lambda_powertools.utilities.idempotency import idempotent_function
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyPersistenceLayerError,
    )

    current = services
    stored: list[dict[str, Any]] = []

    def record_and_keep(submission: dict[str, Any]) -> dict[str, Any]:
        stored.append(record(submission, services))
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
