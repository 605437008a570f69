"""
POST /api/v1/notices: ask for a review to be removed. Open to anyone, no account needed.
"""

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Body

from portal.api.examples import body_example
from portal.api.responses import Receipt, submission_responses
from portal.api.services import is_form_post, services_of
from portal.api.submissions import AbuseGuards, receive
from portal.domain.cases import CaseKind
from portal.domain.notices import Notice

router = Router()  # type: ignore[no-untyped-call]

EXAMPLE = {
    "submission_id": "6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c",
    "language": "en",
    "grounds": {"basis": "review_rules", "criteria": ["personal_data", "offensive"]},
    "reviews": [
        {"url": "https://www.backmarket.fr/fr-fr/p/iphone-13-128-go/reviews#review-8d1f0c2a"},
        {"review_id": "8d1f0c2b"},
    ],
    "name": "Alex Martin",
    "email": "alex.martin@example.com",
    "explanation": "Both reviews give the full name and the phone number of a repair technician.",
    "attachments": [],
    "challenge": None,
    "website": "",
}
ILLEGAL_EXAMPLE = {
    **EXAMPLE,
    "submission_id": "0b8e7d6c-5f4a-4b3c-9d2e-1f0a9b8c7d6e",
    "grounds": {
        "basis": "illegal_content",
        "law_or_right": "Defamation (French Law of 29 July 1881, Article 29)",
        "country": "FR",
        "good_faith": True,
    },
    "reviews": [{"review_id": "c41f9e27"}],
    "explanation": "The review claims that our shop sells stolen phones, which is false and defamatory.",
}


class NoticeRequest(Notice, AbuseGuards):
    pass


@router.post(
    "/notices",
    status_code=201,
    summary="Report a review",
    description=(
        "Ask for one or more reviews to be removed, because they are illegal (Art. 16 DSA) "
        "or break the review rules. Send the same `submission_id` again to retry safely."
    ),
    responses=submission_responses("The notice is stored; an acknowledgement e-mail follows."),
    tags=["Notices"],
    operation_id="createNotice",
)
def create_notice(
    notice: Annotated[
        NoticeRequest,
        Body(
            openapi_examples={
                "review_rules": body_example(
                    summary="A review breaking the review rules", value=EXAMPLE
                ),
                "illegal_content": body_example(
                    summary="An illegal review (Art. 16 DSA)", value=ILLEGAL_EXAMPLE
                ),
            }
        ),
    ],
) -> Receipt:
    return receive(CaseKind.NOTICE, notice, services_of(router), by_email=is_form_post(router))
