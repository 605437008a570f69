"""
Events and contexts as Lambda receives them, for driving handlers in tests.
"""

import json
import uuid
from dataclasses import dataclass
from typing import Any


@dataclass
class FakeContext:
    function_name: str = "portal-test"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = "arn:aws:lambda:eu-west-3:123456789012:function:portal-test"
    aws_request_id: str = "test-request"

    def get_remaining_time_in_millis(self) -> int:
        return 15_000


def http_event(
    method: str,
    path: str,
    body: Any = None,
    *,
    headers: dict[str, str] | None = None,
    raw_body: str | None = None,
    query: str = "",
) -> dict[str, Any]:
    """An API Gateway HTTP API (payload 2.0) event."""
    all_headers = {"content-type": "application/json", **(headers or {})}
    text = raw_body if raw_body is not None else (json.dumps(body) if body is not None else None)
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": all_headers,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "portal",
            "domainName": "127.0.0.1",
            "domainPrefix": "portal",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "127.0.0.1",
                "userAgent": "pytest",
            },
            "requestId": f"req-{uuid.uuid4().hex[:12]}",
            "routeKey": "$default",
            "stage": "$default",
            "time": "22/Nov/2026:10:00:00 +0000",
            "timeEpoch": 1795341600000,
        },
        "body": text,
        "isBase64Encoded": False,
    }


def sqs_event(*bodies: str) -> dict[str, Any]:
    return {
        "Records": [
            {
                "messageId": f"m-{index}-{uuid.uuid4().hex[:8]}",
                "receiptHandle": "handle",
                "body": body,
                "attributes": {"ApproximateReceiveCount": "1"},
                "messageAttributes": {},
                "md5OfBody": "",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:eu-west-3:123456789012:portal-MailQueue",
                "awsRegion": "eu-west-3",
            }
            for index, body in enumerate(bodies)
        ]
    }


def response_json(response: dict[str, Any]) -> Any:
    return json.loads(response["body"]) if response.get("body") else None
