"""
The handlers that tests/integration/test_local_gateway.py runs in execution environments,
in a module of the standard library alone: each environment (a spawned process) imports
the module of its handler, and the test module's imports cost half a second more in each.
"""

import json
import os
import time
from pathlib import Path
from typing import Any

SENDERS = 8


def meet_then_echo(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """
    Waits until every sender's request has arrived (a barrier across processes: one file per
    request), then echoes what identifies the request. Served one at a time, the first
    request would never meet the others: it answers 504 when it gives up.
    """
    headers = event["headers"]
    meeting = Path(headers["x-meeting"])
    (meeting / context.aws_request_id).touch()
    deadline = time.monotonic() + 30
    while len(list(meeting.iterdir())) < SENDERS and time.monotonic() < deadline:
        time.sleep(0.01)
    met = len(list(meeting.iterdir())) >= SENDERS
    body = {
        "sender": headers["x-sender"],
        "request_id": event["requestContext"]["requestId"],
        "context_request_id": context.aws_request_id,
        "environment": os.getpid(),
    }
    return {
        "statusCode": 201 if met else 504,
        "headers": {"Content-Type": "application/json", "Content-Language": headers["x-lang"]},
        "body": json.dumps(body),
    }


def report_process(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return {"statusCode": 200, "body": str(os.getpid())}
