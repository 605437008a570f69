"""
PLACEHOLDER for the staff API's Lambda entry point (issue 10), so that the template's
StaffApiFunction, its packaging and the local gateway have a handler to call. The lead's
module replaces this file whole: every request answers 404 `not_found` here.
"""

import json
from typing import Any

# Unused until the lead's module: the staff API reads DynamoDB and S3 through the runtime's
# SDK, which tests/infra/test_handler_imports.py expects every handler to import.
import boto3  # noqa: F401

from portal.api.error_body import error_payload


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    request_id = event.get("requestContext", {}).get("requestId")
    return {
        "statusCode": 404,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(error_payload("not_found", "en", request_id=request_id)),
    }
