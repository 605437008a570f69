"""
The API answers only through CloudFront: CloudFront adds a secret header to every request it
sends the API's origin (infra/template.yaml, `OriginCustomHeaders`), and a request without
it, sent to API Gateway's own execute-api address, answers 421 (Misdirected Request). Not
403: CloudFront shows its error page for a 403, and the API's errors stay JSON. The secret
lives in Secrets Manager (ORIGIN_SECRET_NAME); with no secret name set, the check is off;
an empty secret lets nothing in.
"""

import hmac
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from portal.api.error_handlers import RETRY_AFTER_SECONDS
from portal.api.refusals import refusal, request_headers
from portal.domain.errors import ServiceUnavailable
from portal.observability import logger

ORIGIN_HEADER = "x-origin-verify"


def reject_unknown_origin(event: dict[str, Any], secret: str | None) -> dict[str, Any] | None:
    """A 421 answer unless the request carries CloudFront's origin secret; None lets it in."""
    if secret is None:
        return None
    headers = request_headers(event)
    given = str(headers.get(ORIGIN_HEADER, ""))
    if secret and hmac.compare_digest(given.encode(), secret.encode()):
        return None
    return refusal(HTTPStatus.MISDIRECTED_REQUEST, "origin_forbidden", event)


def origin_refusal(
    event: dict[str, Any], secret: Callable[[], str | None]
) -> dict[str, Any] | None:
    """
    reject_unknown_origin with the secret read from Secrets Manager: busy or down, it
    answers 503 with Retry-After, as any busy service does.
    """
    try:
        value = secret()
    except ServiceUnavailable as error:
        logger.warning("origin secret unavailable", extra={"code": error.cause})
        retry = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        return refusal(HTTPStatus.SERVICE_UNAVAILABLE, "service_unavailable", event, retry)
    return reject_unknown_origin(event, value)
