"""
The statements worker: reads statements of reasons queued by the cases table's stream and
submits them to the Commission's Transparency Database (Art. 24(5) DSA), up to 100 a call,
each once (domain/statement_submission.py). A statement the database did not take (busy,
down, our token refused) stays in the queue: SQS delivers it again, then after repeated
failures hands it to the dead-letter queue. A statement it refused (422) is parked on its
case for staff and leaves the queue. Logs name PUIDs and references only.
"""

import time
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import SQSEvent
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from portal.bootstrap.submit_statements import (
    SubmitStatementsServices,
    bootstrap_submit_statements,
)
from portal.domain.statement_submission import QueuedStatement, Submission, submit_statements
from portal.observability import logger, metrics

# Bootstrapped at the first event; tests and the local server set their own.
services: SubmitStatementsServices | None = None


def current_services() -> SubmitStatementsServices:
    global services
    if services is None:
        services = bootstrap_submit_statements()
    return services


def _now() -> datetime:
    return datetime.now(UTC)


def submit(
    queued: list[QueuedStatement], may_be_stored: frozenset[str], context: LambdaContext
) -> Submission:
    current = current_services()
    submission = submit_statements(
        queued,
        current.database,
        current.outbox,
        clock=_now,
        sleep=time.sleep,
        may_be_stored=may_be_stored,
        # Leaves a few seconds to record the last call's outcome.
        seconds_left=lambda: context.get_remaining_time_in_millis() / 1000 - 5,
    )
    for statement in queued:
        if statement.puid in submission.rejected:
            # The database's message is on the case, for staff; the log names the statement.
            logger.warning(
                "statement rejected by the Transparency Database",
                extra={"reference": statement.reference, "puid": statement.puid},
            )
    if submission.submitted:
        logger.info("statements submitted", extra={"puids": sorted(submission.submitted)})
    if submission.settled:
        logger.info("statements already settled", extra={"puids": sorted(submission.settled)})
    metrics.add_metric(
        name="StatementsSubmitted", unit=MetricUnit.Count, value=len(submission.submitted)
    )
    metrics.add_metric(
        name="StatementsRejected", unit=MetricUnit.Count, value=len(submission.rejected)
    )
    if submission.failed:
        logger.warning(
            "Transparency Database unavailable: statements left for a retry",
            extra={"puids": sorted(submission.failed)},
        )
    return submission


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    # One POST carries many messages, so the batch is handled as a whole, not record by
    # record (Powertools' BatchProcessor); its answer is the same partial batch response.
    unreadable: list[str] = []
    messages: list[tuple[str, str]] = []  # (message id, PUID), in the batch's order
    queued: dict[str, QueuedStatement] = {}  # a PUID delivered twice is submitted once
    may_be_stored: set[str] = set()
    for record in SQSEvent(event).records:
        try:
            statement = QueuedStatement.model_validate_json(record.body)
        except ValidationError:
            logger.error("unreadable statement message", extra={"message_id": record.message_id})
            unreadable.append(record.message_id)
            continue
        queued.setdefault(statement.puid, statement)
        messages.append((record.message_id, statement.puid))
        if int(record.attributes.approximate_receive_count) > 1:
            may_be_stored.add(statement.puid)
    try:
        left = submit(list(queued.values()), frozenset(may_be_stored), context).failed
    except Exception:
        # DynamoDB down, the token refused: every statement not yet recorded is tried
        # again; those recorded meanwhile are skipped then.
        logger.exception("statements not submitted", extra={"puids": sorted(queued)})
        left = set(queued)
    failed = [message_id for message_id, puid in messages if puid in left] + unreadable
    return {"batchItemFailures": [{"itemIdentifier": message_id} for message_id in failed]}
