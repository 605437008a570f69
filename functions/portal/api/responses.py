"""
The models and documented responses shared by the routes.
"""

from datetime import datetime

from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from pydantic import BaseModel, ConfigDict, Field

from portal.api.error_body import ErrorResponse
from portal.domain.cases import CaseStatus


class Receipt(BaseModel):
    """A case was stored: its public reference, to quote in any further contact."""

    model_config = ConfigDict(defer_build=True)

    reference: str = Field(examples=["NT-7KQ4-M2XD"])
    status: CaseStatus
    received_at: datetime


def _error(description: str) -> OpenAPIResponse:
    return {"description": description, "content": {"application/json": {"model": ErrorResponse}}}


def errors(*statuses: int) -> dict[int, OpenAPIResponse]:
    descriptions = {
        400: "The body is not valid JSON (`json_invalid`), nests deeper than 32 levels (`json_too_deep`), gives a key twice in one object (`json_duplicate_key`), has an integer of more than 1000 digits (`json_number_too_long`) or a lone surrogate escape (`json_invalid_unicode`).",
        404: "Nothing found (code in the body).",
        409: "The submission ID was used for different content (`submission_id_reused`), or the same submission is still being processed (`submission_in_progress`, with Retry-After).",
        410: "The confirmation link has expired (`confirmation_expired`).",
        413: "The body is larger than 256 KB (`body_too_large`).",
        415: "The body is not JSON (`unsupported_media_type`).",
        422: "Invalid input (`validation_failed`), with one entry per field in `error.fields`, each with a stable `code` and a `message` in the language of Accept-Language.",
        503: "A storage service is busy (`service_unavailable`). Retry after Retry-After seconds with the same body: a submission is stored once, however often it is sent.",
    }  # fmt: skip
    return {status: _error(descriptions[status]) for status in statuses}


def created(model: type[BaseModel], description: str) -> OpenAPIResponse:
    return {"description": description, "content": {"application/json": {"model": model}}}


def submission_responses(description: str) -> dict[int, OpenAPIResponse]:
    """A creating route: 201 with the receipt, and every error a sender can meet."""
    return {201: created(Receipt, description), **errors(400, 409, 413, 415, 422, 503)}
