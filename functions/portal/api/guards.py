"""
Checks made before routing: a body that is not JSON answers 415, one too large 413, and
JSON that Python would choke on or read ambiguously 400 with its own code. They run
before Powertools, whose parsing and validation would otherwise fail with a 500: on some
content types (multipart/form-data without a boundary raises a bare ValueError), on JSON
nested deeper than the interpreter's recursion limit, on integers longer than Python
converts (ValueError), and, later, on text with lone surrogates that cannot be encoded.
"""

import base64
import json
import re
from http import HTTPStatus
from typing import Any

from portal.api.refusals import refusal, request_headers

MAX_BODY_BYTES = 256 * 1024
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
# Our deepest body nests 4 levels (a notice's reviews); 32 leaves room and stays far from
# the recursion limit of Python's parser and of pydantic.
MAX_JSON_DEPTH = 32
# Below Python's int_max_str_digits (4300): longer integers raise a ValueError.
MAX_INTEGER_DIGITS = 1000
_STRUCTURE = re.compile(r'[\[\]{}"\\]')


class BodyRefusal(Exception):
    """A body refused before routing: its error code and the parameters of its message."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def _too_deep(text: str) -> bool:
    """Whether objects and lists nest deeper than allowed; read before parsing."""
    depth, in_string, escaped = 0, False, -1
    for found in _STRUCTURE.finditer(text):
        at, char = found.start(), found.group()
        if at == escaped:
            continue
        if in_string:
            if char == "\\":
                escaped = at + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise BodyRefusal("json_number_too_long", limit=MAX_INTEGER_DIGITS)
    return int(digits)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # RFC 8259 leaves duplicate names undefined: parsers disagree on which one wins.
    found = dict(pairs)
    if len(found) != len(pairs):
        raise BodyRefusal("json_duplicate_key")
    return found


def _constant(name: str) -> Any:
    raise BodyRefusal("json_invalid")  # NaN and Infinity are not JSON (RFC 8259)


def json_refusal(text: str) -> BodyRefusal | None:
    """Why this JSON text is refused, or None if Powertools may parse it."""
    if _too_deep(text):
        return BodyRefusal("json_too_deep", limit=MAX_JSON_DEPTH)
    try:
        parsed = json.loads(
            text, object_pairs_hook=_object, parse_int=_integer, parse_constant=_constant
        )
    except BodyRefusal as refusal:
        return refusal
    except ValueError:
        return BodyRefusal("json_invalid")
    try:  # a \ud800 escape without its pair decodes, then fails wherever it is encoded
        json.dumps(parsed, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return BodyRefusal("json_invalid_unicode")
    return None


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
    try:
        body = body_bytes(event)
    except ValueError:  # base64 that does not decode: API Gateway never sends it, others may
        return refusal(HTTPStatus.BAD_REQUEST, "json_invalid", event)
    if len(body) > MAX_BODY_BYTES:
        return refusal(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            "body_too_large",
            event,
            limit=MAX_BODY_BYTES // 1024,
        )
    headers = request_headers(event)
    media_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        return refusal(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", event)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:  # RFC 8259: JSON is UTF-8
        return refusal(HTTPStatus.BAD_REQUEST, "json_invalid", event)
    if not text.strip():
        return None  # no body: the route's validation names what is missing
    refused = json_refusal(text)
    if refused is not None:
        return refusal(HTTPStatus.BAD_REQUEST, refused.code, event, **refused.params)
    return None
