"""
Checks made before routing: a body that is not JSON answers 415 and one too large 413.
They run before Powertools, whose validation would otherwise fail with a 500 on some
content types (multipart/form-data without a boundary raises a bare ValueError).
"""

import base64
import json
from http import HTTPStatus
from typing import Any

from portal.api.errors import error_payload
from portal.api.locale import request_language

MAX_BODY_BYTES = 256 * 1024
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def _answer(status: int, code: str, event: dict[str, Any], **params: Any) -> dict[str, Any]:
    headers = {key.lower(): value for key, value in (event.get("headers") or {}).items()}
    language = request_language(headers.get("accept-language"))
    request_id = (event.get("requestContext") or {}).get("requestId")
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json", "Content-Language": language},
        "body": json.dumps(error_payload(code, language, request_id, **params), ensure_ascii=False),
        "isBase64Encoded": False,
    }


def body_bytes(event: dict[str, Any]) -> bytes:
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        return base64.b64decode(body, validate=False)
    return str(body).encode()


def reject_unacceptable(event: dict[str, Any]) -> dict[str, Any] | None:
    """An API Gateway response refusing the request, or None to let it through."""
    method = ((event.get("requestContext") or {}).get("http") or {}).get("method", "")
    if method not in BODY_METHODS:
        return None
    body = body_bytes(event)
    if len(body) > MAX_BODY_BYTES:
        return _answer(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            "body_too_large",
            event,
            limit=MAX_BODY_BYTES // 1024,
        )
    headers = {key.lower(): value for key, value in (event.get("headers") or {}).items()}
    media_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        return _answer(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", event)
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:  # RFC 8259: JSON is UTF-8
        return _answer(HTTPStatus.BAD_REQUEST, "json_invalid", event)
    return None
