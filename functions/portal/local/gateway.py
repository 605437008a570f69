"""
A local stand-in for API Gateway: turns an HTTP request into an HTTP API (payload 2.0)
event, calls the very handler Lambda calls, and turns its answer back into HTTP.
Powertools' resolver is not thread-safe: an in-process handler is called one request at a
time; `make serve` hands in a pool of execution environments (local/environments.py).
"""

import base64
import contextlib
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Request, Response

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]
TEXT_TYPES = ("application/json", "text/", "application/xml")


@dataclass
class LocalContext:
    """The Lambda context a local call gets."""

    function_name: str = "portal-local-api"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = "arn:aws:lambda:eu-west-3:000000000000:function:portal-local-api"
    aws_request_id: str = ""
    deadline: float = 0.0

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.deadline - time.monotonic()) * 1000))


def to_event(request: Request) -> dict[str, Any]:
    body = request.get_data()
    content_type = request.headers.get("Content-Type", "")
    is_text = not body or content_type.startswith(TEXT_TYPES)
    if is_text:
        try:
            body.decode()
        except UnicodeDecodeError:
            is_text = False  # API Gateway base64-encodes what is not valid text
    headers: dict[str, str] = {}
    for key, value in request.headers.items():
        name = key.lower()
        headers[name] = f"{headers[name]},{value}" if name in headers else value
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": request.path,
        "rawQueryString": request.query_string.decode("latin-1"),
        "cookies": [f"{k}={v}" for k, v in request.cookies.items()],
        "headers": headers,
        "queryStringParameters": dict(request.args) or None,
        "requestContext": {
            "accountId": "000000000000",
            "apiId": "local",
            "domainName": request.host,
            "domainPrefix": "local",
            "http": {
                "method": request.method,
                "path": request.path,
                "protocol": request.environ.get("SERVER_PROTOCOL", "HTTP/1.1"),
                "sourceIp": request.remote_addr or "127.0.0.1",
                "userAgent": request.user_agent.string,
            },
            "requestId": uuid.uuid4().hex,
            "routeKey": "$default",
            "stage": "$default",
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime()),
            "timeEpoch": int(time.time() * 1000),
        },
        "body": body.decode() if is_text else base64.b64encode(body).decode(),
        "isBase64Encoded": not is_text,
    }


def to_response(result: dict[str, Any]) -> Response:
    body = result.get("body") or ""
    data = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode()
    response = Response(data, status=int(result.get("statusCode", 200)))
    for key, value in (result.get("headers") or {}).items():
        response.headers[key] = value
    for key, values in (result.get("multiValueHeaders") or {}).items():
        for value in values:
            response.headers.add(key, value)
    for cookie in result.get("cookies") or []:
        response.headers.add("Set-Cookie", cookie)
    return response


class ApiGateway:
    """
    A WSGI app serving one Lambda handler: one request at a time, unless the handler can be
    called from several threads at once (`one_at_a_time=False`), as a pool of execution
    environments can.
    """

    def __init__(
        self,
        handler: Handler,
        timeout_seconds: float = 15.0,
        origin_headers: dict[str, str] | None = None,
        one_at_a_time: bool = True,
    ) -> None:
        self.handler = handler
        self.origin_headers = origin_headers or {}  # what CloudFront adds for the origin
        self.timeout_seconds = timeout_seconds
        self._lock: contextlib.AbstractContextManager[Any] = (
            threading.Lock() if one_at_a_time else contextlib.nullcontext()
        )

    def __call__(
        self, environ: "WSGIEnvironment", start_response: "StartResponse"
    ) -> Iterable[bytes]:
        request = Request(environ)
        event = to_event(request)
        event["headers"].update(self.origin_headers)
        context = LocalContext(
            aws_request_id=event["requestContext"]["requestId"],
            deadline=time.monotonic() + self.timeout_seconds,
        )
        with self._lock:
            result = self.handler(event, context)
        return to_response(result)(environ, start_response)
