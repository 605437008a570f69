"""
GET /api/v1/challenge: a fresh proof-of-work challenge for a form to solve (ALTCHA).
"""

from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import Router

from portal.api.responses import errors
from portal.api.services import services_of

router = Router()  # type: ignore[no-untyped-call]


@router.get(
    "/challenge",
    summary="A proof-of-work challenge",
    description=(
        "An HMAC-signed ALTCHA challenge, valid 30 minutes. Solve it in the browser and send the "
        'solution as `challenge` with the submission. `{"enabled": false}` when the portal '
        "runs with PORTAL_CHALLENGE=off."
    ),
    responses={200: {"description": "The challenge."}, **errors(503)},
    tags=["Abuse protection"],
    operation_id="getChallenge",
)
def get_challenge() -> dict[str, Any]:
    current = services_of(router)
    return current.challenge.issue(current.clock())
