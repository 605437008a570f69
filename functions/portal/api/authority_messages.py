"""
POST /api/v1/authority-messages: the single point of contact for EU authorities, and
POST /api/v1/authority-messages/confirmations: the one-time link that confirms the sender.
"""

from datetime import datetime
from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Body
from pydantic import BaseModel, ConfigDict, Field

from portal.api.examples import body_example
from portal.api.responses import Receipt, errors, submission_responses
from portal.api.services import is_form_post, services_of
from portal.api.submissions import AbuseGuards, receive
from portal.domain.authority_messages import AuthorityMessage, confirm_address
from portal.domain.cases import CaseKind
from portal.domain.errors import ConfirmationFailed
from portal.domain.references import normalize_reference
from portal.observability import logger

router = Router()  # type: ignore[no-untyped-call]

EXAMPLE = {
    "submission_id": "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f",
    "language": "fr",
    "authority_type": "market_surveillance_authority",
    "member_state": "FR",
    "authority_name": "Direction générale de la concurrence, de la consommation et de la répression des fraudes",
    "official_email": "surveillance.marche@dgccrf.example.fr",
    "authority_reference": "DGCCRF-2026-0412",
    "legal_basis": "product_safety",
    "subject": "Chargeurs non conformes proposés avec des smartphones reconditionnés",
    "message": "Nous vous demandons de retirer les offres listées ci-dessous, accompagnées de chargeurs faisant l'objet d'un rappel (alerte Safety Gate jointe).",
    "message_language": "fr",
    "items": ["https://www.backmarket.fr/fr-fr/p/chargeur-usb-c-20w/0a1b2c3d"],
    "requested_deadline": None,
    "attachments": [],
    "challenge": None,
    "website": "",
}


# The Union's own bodies name no Member State: `member_state` is left out (refused if sent).
EU_LEVEL_EXAMPLE = {key: value for key, value in EXAMPLE.items() if key != "member_state"} | {
    "submission_id": "7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a",
    "language": "en",
    "authority_type": "european_commission",
    "authority_name": "European Commission, DG CONNECT",
    "official_email": "dsa-enforcement@commission.example.eu",
    "authority_reference": "DSA-RFI-2026-031",
    "legal_basis": "information_order",
    "subject": "Request for information on notices about reviews",
    "message": "Please provide the number of notices about reviews received between January and June 2026, by ground.",
    "message_language": "en",
    "items": [],
}


class AuthorityMessageRequest(AuthorityMessage, AbuseGuards):
    pass


class ConfirmationRequest(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    # Both come from a link, not from a field the sender sees: a link cut or mangled is
    # answered as any wrong link (404 confirmation_invalid), not field by field.
    reference: str = Field(max_length=100, examples=["AU-7KQ4-M2XD"])
    token: str = Field(max_length=100)


# No fresh portal knows this link: the example answers 404 `confirmation_failed`, as any
# reference and token that were never mailed do.
CONFIRMATION_EXAMPLE = {
    "reference": "AU-7KQ4-M2XD",
    "token": "Vq3x9ZkP2mW7tR4yB8nL1cF6hJ0sD5gA-eU_oI",
}


class Confirmed(BaseModel):
    model_config = ConfigDict(defer_build=True)

    reference: str
    confirmed_at: datetime


@router.post(
    "/authority-messages",
    status_code=201,
    summary="Write to the single point of contact for authorities",
    description=(
        "For authorities of the Member States, the European Commission and the European Board "
        "for Digital Services (Art. 11 DSA), and market surveillance authorities (GPSR Art. 22). "
        "`member_state` is required of national authorities and refused for the Commission "
        "and the Board (`member_state_not_applicable`). "
        "English and French are the languages of communication; other languages are accepted "
        "and translated. The message counts once its sender opens the one-time link mailed to "
        "`official_email`; until then its status is `awaiting_confirmation`."
    ),
    responses=submission_responses("The message is stored; a confirmation link is mailed."),
    tags=["Authorities"],
    operation_id="createAuthorityMessage",
)
def create_authority_message(
    message: Annotated[
        AuthorityMessageRequest,
        Body(
            openapi_examples={
                "product_safety": body_example(summary="A product-safety order", value=EXAMPLE),
                "european_commission": body_example(
                    summary="A request from the Commission", value=EU_LEVEL_EXAMPLE
                ),
            }
        ),
    ],
) -> Receipt:
    return receive(
        CaseKind.AUTHORITY_MESSAGE, message, services_of(router), by_email=is_form_post(router)
    )


@router.post(
    "/authority-messages/confirmations",
    summary="Confirm an authority's address",
    description="Use the one-time link mailed to the authority. Using it again changes nothing.",
    responses={
        200: {
            "description": "The message is confirmed.",
            "content": {"application/json": {"model": Confirmed}},
        },
        **errors(400, 404, 410, 413, 415, 422, 503),
    },
    tags=["Authorities"],
    operation_id="confirmAuthorityMessage",
)
def confirm(
    confirmation: Annotated[
        ConfirmationRequest,
        Body(
            openapi_examples={
                "link": body_example(
                    summary="The reference and token of the mailed link",
                    value=CONFIRMATION_EXAMPLE,
                )
            }
        ),
    ],
) -> Confirmed:
    reference = normalize_reference(confirmation.reference)
    if reference is None:
        raise ConfirmationFailed()
    current = services_of(router)
    case = confirm_address(reference, confirmation.token, now=current.clock(), store=current.cases)
    logger.info("authority address confirmed", extra={"reference": case.reference})
    assert case.confirmed_at is not None  # noqa: S101 - confirm_address guarantees it
    return Confirmed(reference=case.reference, confirmed_at=case.confirmed_at)
