"""
POST /api/v1/appeals: contest a decision (internal complaint handling, Art. 20 DSA).
"""

from datetime import date, timedelta
from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.models import Example
from aws_lambda_powertools.event_handler.openapi.params import Body

from portal.api.responses import Receipt, submission_responses
from portal.api.submissions import AbuseGuards, receive
from portal.domain.appeals import Appeal
from portal.domain.cases import CaseKind

router = Router()  # type: ignore[no-untyped-call]


def example(today: date) -> dict[str, object]:
    """Dates relative to today, so that the example is always within the time limit."""
    return {
        "submission_id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
        "language": "fr",
        "appellant": {
            "role": "review_author",
            "decision": "review_removed",
            "order_number": "48213377",
            "review_date": (today - timedelta(days=20)).isoformat(),
            "informed_on": (today - timedelta(days=6)).isoformat(),
        },
        "name": "Camille Durand",
        "email": "camille.durand@example.fr",
        "explanation": "Mon avis décrivait seulement l'état de la batterie à la livraison ; il ne contenait aucune donnée personnelle.",
        "attachments": [],
        "challenge": None,
        "website": "",
    }


class AppealRequest(Appeal, AbuseGuards):
    pass


@router.post(
    "/appeals",
    status_code=201,
    summary="Appeal a decision",
    description=(
        "Contest a decision on a review, an account or a notice, within six months of being "
        "informed of it. A review's author gives the order number and the review's date; a "
        "notifier gives the reference of their notice."
    ),
    responses=submission_responses("The appeal is stored; an acknowledgement e-mail follows."),
    tags=["Appeals"],
    operation_id="createAppeal",
)
def create_appeal(
    appeal: Annotated[
        AppealRequest,
        Body(
            openapi_examples={
                "review_author": Example(summary="A removed review", value=example(date.today()))
            }
        ),
    ],
) -> Receipt:
    return receive(CaseKind.APPEAL, appeal)
