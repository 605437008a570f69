"""
The staff API under /api/v1/staff: list cases, open one, fetch an attachment's link,
record a decision or a restoration. Every route needs a signed-in member of staff
(api/staff_identity.py); each sees their own team's cases only.
"""

from datetime import date, datetime, timedelta
from http import HTTPStatus
from typing import TYPE_CHECKING, Annotated, Any, cast

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.params import Body, Query
from pydantic import ValidationError

from portal.api.examples import body_example
from portal.api.staff_identity import signed_in_member
from portal.domain import decision_examples
from portal.domain.case_desk import CaseFile, CaseQuery
from portal.domain.cases import Case, CaseKind, CaseStatus
from portal.domain.errors import AttachmentNotFound, InvalidSubmission
from portal.domain.staff_access import StaffMember
from portal.domain.uploads import DOWNLOAD_LINK_SECONDS

if TYPE_CHECKING:  # the bootstrap imports boto3: made at the first event, not at import
    from portal.bootstrap.staff_api import StaffApiServices

router = Router()  # type: ignore[no-untyped-call]
TAGS = ["Staff"]


def _services() -> "StaffApiServices":
    return cast("StaffApiServices", router.context["staff_services"])


def _member() -> StaffMember:
    return signed_in_member(router.current_event.raw_event)


def _summary(case: Case) -> dict[str, Any]:
    return {
        "reference": case.reference,
        "kind": case.kind.value,
        "status": case.status.value,
        "received_at": case.received_at.isoformat(),
        "language": case.language,
        "routing": case.routing.value,
        "translation_needed": case.translation_needed,
        "decided_at": case.decision.decided_at.isoformat() if case.decision else None,
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def case_body(found: CaseFile) -> dict[str, Any]:
    case = found.case
    return {
        "case": {
            **_summary(case),
            "details": case.details,
            "attachments": [
                {"index": index, "upload_id": upload_id}
                for index, upload_id in enumerate(case.attachments)
            ],
            "decision": found.record.model_dump(mode="json") if found.record else None,
            "timings": {name: _iso(value) for name, value in found.timings().items()},
        },
        "mails": found.mails,
        "statements": found.statements,
        "history": [
            {"at": e.at.isoformat(), "actor": e.actor, "action": e.action.value, "detail": e.detail}
            for e in found.history
        ],
    }


def _validated(call: Any, *args: Any) -> Any:
    """The domain validates a decision with pydantic: its errors are the request's 422."""
    try:
        return call(*args)
    except ValidationError as error:
        raise RequestValidationError(error.errors(include_url=False)) from error


@router.get(
    "/staff/cases",
    summary="List cases",
    description="A team's cases of one kind and status, newest first, received between two days.",
    tags=TAGS,
    operation_id="listCases",
)
def list_cases(
    kind: Annotated[CaseKind, Query()] = CaseKind.NOTICE,
    status: Annotated[CaseStatus, Query()] = CaseStatus.RECEIVED,
    received_from: Annotated[date | None, Query()] = None,
    received_to: Annotated[date | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> dict[str, Any]:
    member = _member()
    query = CaseQuery(kind, status, received_from, received_to, limit, cursor)
    page = _services().desk.list(member, query)
    return {"cases": [_summary(case) for case in page.cases], "next_cursor": page.next_cursor}


@router.get(
    "/staff/cases/<reference>",
    summary="Open a case",
    description="The case with its personal data, e-mails, statements and history (viewing is recorded).",
    tags=TAGS,
    operation_id="getCase",
)
def get_case(reference: str) -> dict[str, Any]:
    return case_body(_services().desk.open(_member(), reference))


@router.get(
    "/staff/cases/<reference>/attachments/<index>",
    summary="Link to an attachment",
    description="A link that downloads an accepted attachment, valid for five minutes (recorded).",
    tags=TAGS,
    operation_id="getAttachmentLink",
)
def get_attachment(reference: str, index: int) -> dict[str, Any]:
    services = _services()
    upload_id = services.desk.attachment(_member(), reference, index)
    url = services.uploads.download_url(upload_id)
    if url is None:
        raise AttachmentNotFound()
    expires = services.clock() + timedelta(seconds=DOWNLOAD_LINK_SECONDS)
    return {"url": url, "expires_at": expires.isoformat()}


@router.post(
    "/staff/cases/<reference>/decisions",
    status_code=201,
    summary="Record a decision",
    description=(
        "A notice: one decision per review it names. An appeal: upheld (the contested "
        "decision is reversed) or rejected, with reasons, by a person. An authority message: "
        "receipt confirmed, effect given, user informed. A decided case answers 409."
    ),
    tags=TAGS,
    operation_id="createDecision",
)
def create_decision(
    decision: Annotated[
        dict[str, Any],
        Body(
            openapi_examples={
                "notice": body_example(
                    summary="A notice under the review rules",
                    value=decision_examples.NOTICE_DECISION,
                ),
                "illegal_notice": body_example(
                    summary="A notice of illegal content (Art. 16 DSA)",
                    value=decision_examples.ILLEGAL_NOTICE_DECISION,
                ),
                "appeal": body_example(
                    summary="An appeal", value=decision_examples.APPEAL_DECISION
                ),
                "authority_message": body_example(
                    summary="An authority's order", value=decision_examples.AUTHORITY_ORDER
                ),
            }
        ),
    ],
    reference: str,
) -> Response[dict[str, Any]]:
    found = _validated(_services().desk.decide, _member(), reference, decision)
    return Response(HTTPStatus.CREATED, "application/json", case_body(found))


@router.post(
    "/staff/cases/<reference>/restoration",
    summary="Record a restoration",
    description="The reviews an upheld appeal reversed are shown again, from `restored_at`.",
    tags=TAGS,
    operation_id="recordRestoration",
)
def record_restoration(
    restoration: Annotated[
        dict[str, Any], Body(examples=[{"restored_at": "2026-11-30T10:00:00Z"}])
    ],
    reference: str,
) -> dict[str, Any]:
    try:
        at = datetime.fromisoformat(str(restoration["restored_at"]))
    except (KeyError, ValueError) as error:
        raise InvalidSubmission("date_invalid", field="restored_at") from error
    if at.tzinfo is None:
        raise InvalidSubmission("time_zone_required", field="restored_at")
    return case_body(_services().desk.record_restoration(_member(), reference, at))
