"""
Scheduled job (EventBridge Scheduler, twice a year, or invoked on demand): count the six
months ending with `period_end` (default: the last full month) on Athena, keep the record
in S3 and tell legal staff (an e-mail through the mail queue), who decide what to publish.
"""

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from portal.bootstrap.recipients_job import bootstrap_recipients_job
from portal.domain.months import format_month, last_full_month, parse_month
from portal.domain.ports import RecipientsEngine, RecordStore, StaffNotifier
from portal.domain.recipients import compute_record
from portal.observability import logger


class RecipientsJobRequest(BaseModel):
    """The schedule's (or caller's) input; unknown keys are refused, not silently ignored."""

    model_config = ConfigDict(extra="forbid")

    period_end: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}$")


def run_recipients_job(
    event: dict[str, Any],
    *,
    engine: RecipientsEngine,
    store: RecordStore,
    notifier: StaffNotifier,
    now: datetime,
) -> dict[str, Any]:
    request = RecipientsJobRequest.model_validate(event)
    period_end = parse_month(request.period_end) if request.period_end else last_full_month(now)
    record = compute_record(engine, period_end, now=now, progress=logger.info)
    location = store.save(record)
    notifier.recipients_computed(record, location)
    return {
        "period_end": format_month(period_end),
        "average_monthly_active_recipients": record.average_monthly_active_recipients,
        "missing_months": record.missing_months,
        "location": location,
    }


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    current = bootstrap_recipients_job()  # twice a year: nothing to keep between runs
    now = datetime.now(UTC).replace(microsecond=0)
    return run_recipients_job(
        event, engine=current.engine, store=current.store, notifier=current.notifier, now=now
    )
