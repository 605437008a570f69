"""
The body of every 4xx and 5xx answer: a stable code, a sentence in the sender's language,
the request id, and field by field errors for invalid input.
"""

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from portal.error_sentences import error_sentence


class FieldError(BaseModel):
    model_config = ConfigDict(defer_build=True)

    field: str
    code: str
    message: str


class ErrorBody(BaseModel):
    model_config = ConfigDict(defer_build=True)

    code: str
    message: str
    request_id: str | None = None
    fields: list[FieldError] = []


class ErrorResponse(BaseModel):
    """What every 4xx and 5xx answer carries."""

    model_config = ConfigDict(defer_build=True)

    error: ErrorBody


def error_payload(
    code: str,
    language: str,
    request_id: str | None = None,
    fields: Sequence[FieldError] = (),
    **params: Any,
) -> dict[str, Any]:
    body = ErrorBody(
        code=code,
        message=error_sentence(code, language, request_id=request_id, **params),
        request_id=request_id,
        fields=list(fields),
    )
    return ErrorResponse(error=body).model_dump(mode="json")


def staff_unauthenticated_payload() -> dict[str, Any]:
    """
    The body of the staff routes' 401, answered before any handler runs, so neither
    localized nor with a request id. CloudFront's StaffTokenFunction (infra/template.yaml)
    holds a copy, kept equal by tests/infra/test_staff_sign_in.py; `make serve`'s JWT
    authorizer sends it (portal/local/jwt_authorizer.py).
    """
    return error_payload("staff_unauthenticated", "en")


def staff_forbidden_payload() -> dict[str, Any]:
    """
    The body of the staff routes' 403 for a token in no staff group, answered by CloudFront's
    StaffTokenFunction: CloudFront turns every 403 from an origin into the site's 404 page
    (the site bucket's answer for a missing page), so the handler's own 403 would never
    reach the console. Kept equal by tests/infra/test_staff_sign_in.py.
    """
    return error_payload("staff_forbidden", "en")
