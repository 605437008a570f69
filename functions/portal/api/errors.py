"""
Every error, mapped in one place to an HTTP status and a body with a stable code and a
message in the sender's language; field by field for invalid input. Nothing a sender does
produces a 500 or a stack trace: the unexpected is logged and answered generically.
"""

import json
from collections.abc import Iterable, Sequence
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyInconsistentStateError,
    IdempotencyPersistenceLayerError,
    IdempotencyValidationError,
)
from botocore.exceptions import BotoCoreError, ClientError
from pydantic import BaseModel

from portal.adapters.aws_errors import unavailability
from portal.api.locale import request_language
from portal.domain.errors import (
    CaseNotFound,
    ChallengeFailed,
    ConfirmationFailed,
    DomainError,
    InvalidSubmission,
    UploadNotFound,
)
from portal.error_sentences import error_sentence
from portal.observability import logger

# The tags of the discriminated unions (notices' grounds, appellants): pydantic puts them
# in an error's location, the sender never wrote them.
UNION_TAGS = frozenset({"illegal_content", "review_rules", "review_author", "notifier"})
RETRY_AFTER_SECONDS = 3

# pydantic's error types -> our field codes, and which context value each one shows.
_FIELD_CODES = {
    "missing": ("required", None),
    "string_too_short": ("too_short", "min_length"),
    "string_too_long": ("too_long", "max_length"),
    "too_short": ("too_few_items", "min_length"),
    "too_long": ("too_many_items", "max_length"),  # lists; text: see field_error
    "literal_error": ("invalid_choice", None),
    "enum": ("invalid_choice", None),
    "union_tag_invalid": ("invalid_choice", None),
    "union_tag_not_found": ("required", None),
    "url_parsing": ("url_invalid", None),
    "url_scheme": ("url_invalid", None),
    "url_type": ("url_invalid", None),
    "url_too_long": ("url_invalid", None),
    "date_parsing": ("date_invalid", None),
    "date_from_datetime_parsing": ("date_invalid", None),
    "date_from_datetime_inexact": ("date_invalid", None),
    "date_type": ("date_invalid", None),
    "uuid_parsing": ("identifier_invalid", None),
    "uuid_type": ("identifier_invalid", None),
    "uuid_version": ("identifier_invalid", None),
    "int_parsing": ("number_invalid", None),
    "int_type": ("number_invalid", None),
    "int_from_float": ("number_invalid", None),
    "greater_than_equal": ("number_too_small", "ge"),
    "less_than_equal": ("number_too_large", "le"),
    "string_pattern_mismatch": ("format_invalid", None),
    "extra_forbidden": ("unknown_field", None),
}


# Domain errors about the resource asked for rather than a field sent: their own status.
DOMAIN_STATUSES = {
    "confirmation_invalid": HTTPStatus.NOT_FOUND,
    "confirmation_expired": HTTPStatus.GONE,
    "upload_unknown": HTTPStatus.NOT_FOUND,
    "submission_id_reused": HTTPStatus.CONFLICT,
}


class FieldError(BaseModel):
    field: str
    code: str
    message: str


class ErrorBody(BaseModel):
    code: str
    message: str
    request_id: str | None = None
    fields: list[FieldError] = []


class ErrorResponse(BaseModel):
    """What every 4xx and 5xx answer carries."""

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


def field_path(location: Iterable[str | int]) -> str:
    parts = [str(part) for part in location if part not in UNION_TAGS]
    if parts[:1] == ["body"]:
        parts = parts[1:]
    return ".".join(parts)


def field_error(error: dict[str, Any], language: str) -> FieldError:
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    location = list(error.get("loc", ()))
    if kind == "union_tag_not_found" and context.get("discriminator"):
        location.append(str(context["discriminator"]).strip("'"))
    code, shown = _FIELD_CODES.get(kind, (kind, None))
    if kind in {"too_short", "too_long"} and context.get("field_type") != "List":
        code = kind  # a length constraint on text, not on a list
    if code == kind and code not in _known_codes():
        code = "invalid"
    params: dict[str, Any] = {}
    if shown is not None and shown in context:
        name = {"ge": "minimum", "le": "maximum"}.get(shown, shown)
        params[name] = context[shown]
    elif code == kind:  # our own codes (PydanticCustomError) carry their message's values
        params = {key: value for key, value in context.items() if isinstance(value, str | int)}
    path = field_path(location)
    return FieldError(field=path, code=code, message=error_sentence(code, language, **params))


def _known_codes() -> frozenset[str]:
    from portal.error_sentences import ERROR_SENTENCES

    return frozenset(ERROR_SENTENCES)


class ErrorResponses:
    """The exception handlers of one resolver; `app.current_event` gives the request."""

    def __init__(self, app: APIGatewayHttpResolver) -> None:
        self.app = app

    @property
    def language(self) -> str:
        return request_language(self.app.current_event.headers.get("accept-language"))

    @property
    def request_id(self) -> str | None:
        context = self.app.current_event.request_context
        return context.request_id if context else None

    def respond(
        self,
        status: int,
        code: str,
        fields: Sequence[FieldError] = (),
        headers: dict[str, str] | None = None,
        **params: Any,
    ) -> Response[str]:
        payload = error_payload(code, self.language, self.request_id, fields, **params)
        return Response(
            status_code=status,
            content_type="application/json",
            body=json.dumps(payload, ensure_ascii=False),
            headers={"Content-Language": self.language, **(headers or {})},
        )

    def validation(self, error: RequestValidationError) -> Response[str]:
        problems = error.errors()
        logger.info("request failed validation", extra={"errors": _redacted(problems)})
        if any(problem.get("type") == "json_invalid" for problem in problems):
            return self.respond(HTTPStatus.BAD_REQUEST, "json_invalid")
        fields = [field_error(problem, self.language) for problem in problems]
        return self.respond(HTTPStatus.UNPROCESSABLE_ENTITY, "validation_failed", fields)

    def domain(self, error: DomainError) -> Response[str]:
        status = DOMAIN_STATUSES.get(error.code)
        if status is not None:
            return self.respond(status, error.code)
        field = error.field or "body"
        detail = FieldError(
            field=field,
            code=error.code,
            message=error_sentence(error.code, self.language, **error.params),
        )
        return self.respond(HTTPStatus.UNPROCESSABLE_ENTITY, "validation_failed", [detail])

    def conflict(self, error: Exception) -> Response[str]:
        if isinstance(error, IdempotencyAlreadyInProgressError):
            return self.respond(
                HTTPStatus.CONFLICT, "submission_in_progress", headers={"Retry-After": "2"}
            )
        return self.respond(HTTPStatus.CONFLICT, "submission_id_reused")

    def aws(self, error: Exception) -> Response[str]:
        """AWS busy or down, directly or behind the idempotency table's errors: 503."""
        cause = unavailability(error)
        if cause is None and isinstance(error, IdempotencyInconsistentStateError):
            cause = type(error).__name__  # Powertools' own word: retrying succeeds
        if cause is None:
            return self.unexpected(error)
        logger.warning("AWS unavailable or throttling", extra={"aws_error": cause})
        return self.respond(
            HTTPStatus.SERVICE_UNAVAILABLE,
            "service_unavailable",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )

    def unexpected(self, error: Exception) -> Response[str]:
        logger.exception("unexpected error")
        return self.respond(HTTPStatus.INTERNAL_SERVER_ERROR, "internal_error")

    def not_found(self, error: Exception) -> Response[str]:
        return self.respond(HTTPStatus.NOT_FOUND, "not_found")


# Our own field names are short; anything longer was typed by someone.
_LOGGED_PART = 60


def _redacted(problems: Sequence[Any]) -> list[dict[str, Any]]:
    """
    Validation errors for the log: where and what, never the value a person typed. A key
    the sender made up is a value too: it is logged as `<extra>`.
    """
    return [{"loc": _logged_location(problem), "type": problem.get("type")} for problem in problems]


def _logged_location(problem: Any) -> list[str | int]:
    location = list(problem.get("loc") or ())
    if problem.get("type") == "extra_forbidden" and location:
        location[-1] = "<extra>"
    return [part if isinstance(part, int) else str(part)[:_LOGGED_PART] for part in location]


def register_error_handlers(app: APIGatewayHttpResolver) -> None:
    responses = ErrorResponses(app)
    app.exception_handler(RequestValidationError)(responses.validation)
    app.exception_handler(
        [
            InvalidSubmission,
            ChallengeFailed,
            CaseNotFound,
            UploadNotFound,
            ConfirmationFailed,
            DomainError,
        ]
    )(responses.domain)
    app.exception_handler([IdempotencyValidationError, IdempotencyAlreadyInProgressError])(
        responses.conflict
    )
    app.exception_handler(
        [
            ClientError,
            BotoCoreError,
            IdempotencyPersistenceLayerError,
            IdempotencyInconsistentStateError,
        ]
    )(responses.aws)
    app.not_found(responses.not_found)
    app.exception_handler(Exception)(responses.unexpected)
