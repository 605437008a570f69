"""
The API answers only through CloudFront: CloudFront adds a secret header to every request it
sends the API's origin (infra/template.yaml, `OriginCustomHeaders`), and a request without
it, sent to API Gateway's own execute-api address, answers 403. The secret lives in Secrets
Manager (ORIGIN_SECRET_NAME); with no secret name set, the check is off.
"""

import hmac
import json
from http import HTTPStatus
from typing import Any

from portal.api.errors import error_payload
from portal.api.locale import request_language

ORIGIN_HEADER = "x-origin-verify"


def reject_unknown_origin(event: dict[str, Any], secret: str | None) -> dict[str, Any] | None:
    """A 403 answer unless the request carries CloudFront's origin secret; None lets it in."""
    if secret is None:
        return None
    headers = {key.lower(): value for key, value in (event.get("headers") or {}).items()}
    given = str(headers.get(ORIGIN_HEADER, ""))
    if hmac.compare_digest(given.encode(), secret.encode()):
        return None
    language = request_language(headers.get("accept-language"))
    request_id = (event.get("requestContext") or {}).get("requestId")
    return {
        "statusCode": HTTPStatus.FORBIDDEN,
        "headers": {"Content-Type": "application/json", "Content-Language": language},
        "body": json.dumps(
            error_payload("origin_forbidden", language, request_id), ensure_ascii=False
        ),
        "isBase64Encoded": False,
    }
