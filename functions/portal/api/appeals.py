"""
POST /api/v1/appeals: contest a decision (internal complaint handling, Art. 20 DSA).
"""

from datetime import date, timedelta
from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Body

from portal.api.examples import body_example
from portal.api.responses import Receipt, submission_responses
from portal.api.services import is_form_post, services_of
from portal.api.submissions import AbuseGuards, receive
from portal.domain.appeals import Appeal
from portal.domain.cases import CaseKind

router = Router()  # type: ignore[no-untyped-call]


def account_blocked_example(today: date) -> dict[str, object]:
    """An account blocking concerns no review in particular: no review date."""
    author = example(today)
    return {
        **author,
        "submission_id": "3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a9f",
        "language": "de",
        "appellant": {
            "role": "review_author",
            "decision": "account_blocked",
            "order_number": "51730021",
            "informed_on": (today - timedelta(days=3)).isoformat(),
        },
        "name": "Jonas Weber",
        "email": "jonas.weber@example.de",
        "explanation": "Mein Konto wurde gesperrt, obwohl ich nur eine ehrliche Bewertung geschrieben habe.",
    }


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
        "informed of it (Art. 20 DSA). A review's author gives either the case reference of "
        "our statement of reasons, or the order number, the review's date (not for an account "
        "blocking) and the day we told them of the decision. A notifier gives the reference "
        "of their notice and the address they reported from; the six months run from the day "
        "we stored with our decision. A reference that is not the sender's answers like an "
        "unknown one (`case_not_found`); a notice not decided yet answers `not_decided_yet`."
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
                "review_author": body_example(
                    summary="A removed review", value=example(date.today())
                ),
                "account_blocked": body_example(
                    summary="A blocked account", value=account_blocked_example(date.today())
                ),
            }
        ),
    ],
) -> Receipt:
    return receive(CaseKind.APPEAL, appeal, services_of(router), by_email=is_form_post(router))
