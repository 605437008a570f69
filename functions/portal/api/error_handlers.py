"""
Every error, mapped in one place to an HTTP status and the error body. Nothing a sender
does produces a 500 or a stack trace: the unexpected is logged and answered generically.
"""

import json
import sys
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from portal.api.error_body import FieldError, error_payload
from portal.api.field_errors import field_error, redacted
from portal.api.locale import request_language
from portal.domain.errors import DomainError, ServiceUnavailable, causes
from portal.error_sentences import field_error_sentence
from portal.observability import logger

RETRY_AFTER_SECONDS = 3

# Domain errors about the resource asked for rather than a sender's answer: their own status.
# The same error about a field of a submission (an attachment's upload id) is a 422 on it.
RESOURCE_STATUSES = {
    "confirmation_invalid": HTTPStatus.NOT_FOUND,
    "confirmation_expired": HTTPStatus.GONE,
    "upload_not_found": HTTPStatus.NOT_FOUND,
    "staff_case_not_found": HTTPStatus.NOT_FOUND,
    "attachment_not_found": HTTPStatus.NOT_FOUND,
    "no_decision_to_reverse": HTTPStatus.CONFLICT,
}
# Domain errors about the submission as a whole: their own status, field or not.
SUBMISSION_STATUSES = {
    "submission_id_reused": HTTPStatus.CONFLICT,
    "already_decided": HTTPStatus.CONFLICT,
    "staff_unauthenticated": HTTPStatus.UNAUTHORIZED,
    "staff_forbidden": HTTPStatus.FORBIDDEN,
    "report_legal_only": HTTPStatus.FORBIDDEN,
}


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
        logger.info("request failed validation", extra={"errors": redacted(problems)})
        if any(problem.get("type") == "json_invalid" for problem in problems):
            return self.respond(HTTPStatus.BAD_REQUEST, "json_invalid")
        fields = [field_error(problem, self.language) for problem in problems]
        return self.respond(HTTPStatus.UNPROCESSABLE_ENTITY, "validation_failed", fields)

    def domain(self, error: DomainError) -> Response[str]:
        if isinstance(error, ServiceUnavailable):
            return self.unavailable(error.cause)
        status = SUBMISSION_STATUSES.get(error.code)
        if status is None and error.field is None:
            status = RESOURCE_STATUSES.get(error.code)
        if status is not None:
            return self.respond(status, error.code)
        detail = FieldError(
            field=error.field or "body",
            code=error.code,
            message=field_error_sentence(
                error.code, error.field or "", self.language, **error.params
            ),
        )
        return self.respond(HTTPStatus.UNPROCESSABLE_ENTITY, "validation_failed", [detail])

    def conflict(self, error: Exception) -> Response[str]:
        from aws_lambda_powertools.utilities.idempotency.exceptions import (
            IdempotencyAlreadyInProgressError,
        )

        if isinstance(error, IdempotencyAlreadyInProgressError):
            return self.respond(
                HTTPStatus.CONFLICT, "submission_in_progress", headers={"Retry-After": "2"}
            )
        return self.respond(HTTPStatus.CONFLICT, "submission_id_reused")

    def idempotency_store(self, error: Exception) -> Response[str]:
        """
        Powertools' errors about its table: the table busy or down (the adapter's
        ServiceUnavailable is among the causes), or a record caught between two states,
        which a retry settles: 503 both. Anything else is unexpected.
        """
        from aws_lambda_powertools.utilities.idempotency.exceptions import (
            IdempotencyInconsistentStateError,
        )

        unavailable = _unavailable_cause(error)
        if unavailable is not None:
            return self.unavailable(unavailable.cause)
        if isinstance(error, IdempotencyInconsistentStateError):
            return self.unavailable(type(error).__name__)
        return self.unexpected(error)

    def unavailable(self, cause: str) -> Response[str]:
        logger.warning("AWS unavailable or throttling", extra={"aws_error": cause})
        return self.respond(
            HTTPStatus.SERVICE_UNAVAILABLE,
            "service_unavailable",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )

    def unexpected(self, error: Exception) -> Response[str]:
        idempotency = _idempotency_error(error)
        if idempotency == "conflict":
            return self.conflict(error)
        if idempotency == "store":
            return self.idempotency_store(error)
        logger.exception("unexpected error")
        return self.respond(HTTPStatus.INTERNAL_SERVER_ERROR, "internal_error")

    def not_found(self, error: Exception) -> Response[str]:
        return self.respond(HTTPStatus.NOT_FOUND, "not_found")


def _unavailable_cause(error: BaseException) -> ServiceUnavailable | None:
    return next((c for c in causes(error) if isinstance(c, ServiceUnavailable)), None)


def _idempotency_error(error: Exception) -> str | None:
    """
    Powertools' idempotency errors, told apart in the catch-all handler: registering them
    by class would import Powertools' idempotency, and boto3 with it, when the handler is
    imported (a third of the API's cold import); a submission imports it when it needs it.
    """
    module = sys.modules.get("aws_lambda_powertools.utilities.idempotency.exceptions")
    if module is None:
        return None  # not loaded: no submission ran, so none of its errors can occur
    if isinstance(
        error, module.IdempotencyValidationError | module.IdempotencyAlreadyInProgressError
    ):
        return "conflict"
    if isinstance(
        error, module.IdempotencyPersistenceLayerError | module.IdempotencyInconsistentStateError
    ):
        return "store"
    return None


def register_error_handlers(app: APIGatewayHttpResolver) -> None:
    responses = ErrorResponses(app)
    app.exception_handler(RequestValidationError)(responses.validation)
    app.exception_handler(DomainError)(responses.domain)
    app.not_found(responses.not_found)
    app.exception_handler(Exception)(responses.unexpected)
