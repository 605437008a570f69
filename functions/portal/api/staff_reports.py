"""
The staff API's transparency report drafts under /api/v1/staff/report-drafts: ask for a
draft of any period (the same two steps as the schedule's, domain/report_drafts.py), and
list the drafts with short-lived links to their files. Legal staff only: the report counts
every team's cases but product safety's work is not theirs to publish.
"""

from datetime import date, timedelta
from http import HTTPStatus
from typing import TYPE_CHECKING, Annotated, Any, cast

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Body
from pydantic import BaseModel, ConfigDict, Field

from portal.adapters.report_drafts import LINK_SECONDS
from portal.api.staff_identity import signed_in_member
from portal.domain.cases import Routing
from portal.domain.errors import ServiceUnavailable, StaffForbidden
from portal.domain.intake import Clock
from portal.domain.ports import DraftStore, TableExporter
from portal.domain.report_drafts import ReportDraft, check_period, start_draft

if TYPE_CHECKING:
    from portal.bootstrap.staff_api import StaffApiServices

router = Router()  # type: ignore[no-untyped-call]
TAGS = ["Staff"]
PATH = "/staff/report-drafts"


class DraftPeriod(BaseModel):
    """The period to draft, days included (UTC)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    start: date = Field(alias="from", examples=["2026-01-01"])
    end: date = Field(alias="to", examples=["2026-12-31"])


def _services() -> tuple[TableExporter, DraftStore, Clock]:
    services = cast("StaffApiServices", router.context["staff_services"])
    if services.exporter is None or services.drafts is None:
        raise ServiceUnavailable(cause="report drafts: no buckets configured")
    return services.exporter, services.drafts, services.clock


def _legal_staff() -> str:
    member = signed_in_member(router.current_event.raw_event)
    if Routing.LEGAL not in member.teams:
        raise StaffForbidden("report_legal_only")
    return member.email


def _body(draft: ReportDraft, files: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {
        "id": draft.id,
        "from": draft.period_start.isoformat(),
        "to": draft.period_end.isoformat(),
        "status": draft.status.value,
        "requested_at": draft.requested_at.isoformat(),
        "finished_at": draft.finished_at.isoformat() if draft.finished_at else None,
        "failure": draft.failure,
        "files": files or [],
    }


@router.post(
    PATH,
    status_code=202,
    summary="Ask for a transparency report draft",
    description=(
        "Starts an export of the cases table for a period that has ended, of at most a year; "
        "the draft is ready some minutes later (legal staff are told by e-mail)."
    ),
    tags=TAGS,
    operation_id="createReportDraft",
)
def create_report_draft(period: Annotated[DraftPeriod, Body()]) -> Response[dict[str, Any]]:
    email = _legal_staff()
    exporter, store, clock = _services()
    now = clock().replace(microsecond=0)
    checked = check_period(period.start, period.end, now.date())
    draft = start_draft(checked, email, now=now, exporter=exporter, store=store)
    return Response(HTTPStatus.ACCEPTED, "application/json", _body(draft))


@router.get(
    PATH,
    summary="List transparency report drafts",
    description="Every draft, newest first, with links to its files valid for five minutes.",
    tags=TAGS,
    operation_id="listReportDrafts",
)
def list_report_drafts() -> dict[str, Any]:
    _legal_staff()
    _, store, clock = _services()
    drafts = [
        _body(
            draft, [{"name": name, "url": store.download_url(draft, name)} for name in draft.files]
        )
        for draft in store.list()
    ]
    expires = clock() + timedelta(seconds=LINK_SECONDS)
    return {"drafts": drafts, "links_expire_at": expires.isoformat()}
