"""
The transparency report's drafts, two scheduled jobs (EventBridge Scheduler):
`start_handler` on 2 January starts the export of the cases table for the year that ended
(or for the period given as {"from": ..., "to": ...}); `finish_handler`, every few minutes,
counts each export that is done, keeps the draft's files and tells legal staff by e-mail.
"""

from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from portal.bootstrap.report_drafts import ReportDraftServices, bootstrap_report_drafts
from portal.domain.report_drafts import (
    SCHEDULE,
    ReportDraft,
    check_period,
    finish_drafts,
    last_year,
    start_draft,
)
from portal.observability import logger

services: ReportDraftServices | None = None


def current_services() -> ReportDraftServices:
    global services
    if services is None:
        services = bootstrap_report_drafts()
    return services


class DraftRequest(BaseModel):
    """The schedule's (or an operator's) input; unknown keys are refused."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    start: date | None = Field(default=None, alias="from")
    end: date | None = Field(default=None, alias="to")


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def start(event: dict[str, Any], now: datetime) -> ReportDraft:
    current = current_services()
    request = DraftRequest.model_validate(event)
    period = last_year(now)
    if request.start and request.end:
        period = check_period(request.start, request.end, now.date())
    draft = start_draft(period, SCHEDULE, now=now, exporter=current.exporter, store=current.store)
    logger.info("report draft started", extra={"draft": draft.id})
    return draft


def finish(now: datetime) -> list[ReportDraft]:
    current = current_services()
    finished = finish_drafts(
        now=now,
        exporter=current.exporter,
        store=current.store,
        make_files=current.make_files,
        notifier=current.notifier,
    )
    for draft in finished:  # ids and statuses only: no one's personal data
        logger.info("report draft finished", extra={"draft": draft.id, "status": draft.status})
    return finished


@logger.inject_lambda_context
def start_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    draft = start(event, _now())
    return {"draft": draft.id, "status": draft.status.value}


@logger.inject_lambda_context
def finish_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return {"finished": [draft.id for draft in finish(_now())]}
