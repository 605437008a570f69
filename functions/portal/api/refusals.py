"""
Answers given before routing (guards.py, origin.py), in API Gateway's response format, with
the same error body as every other answer of the API.
"""

import json
from typing import Any

from portal.api.error_body import error_payload
from portal.api.locale import request_language


def request_headers(event: dict[str, Any]) -> dict[str, str]:
    """An API Gateway event's headers, names lowercased (HTTP names are case-insensitive)."""
    return {key.lower(): value for key, value in (event.get("headers") or {}).items()}


def refusal(
    status: int,
    code: str,
    event: dict[str, Any],
    headers: dict[str, str] | None = None,
    **params: Any,
) -> dict[str, Any]:
    received = request_headers(event)
    language = request_language(received.get("accept-language"))
    request_id = (event.get("requestContext") or {}).get("requestId")
    return {
        "statusCode": status,
        "headers": {
            "Content-Type": "application/json",
            "Content-Language": language,
            **(headers or {}),
        },
        "body": json.dumps(error_payload(code, language, request_id, **params), ensure_ascii=False),
        "isBase64Encoded": False,
    }
