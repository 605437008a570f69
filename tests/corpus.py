"""
The bad-input corpus: request bodies that a careless client or an attacker sends. Each is
refused with a 4xx and a stable code, never a 5xx; the unit tests send them with fakes,
the integration tests through the whole portal under moto and its OpenAPI document.
"""

import json
from dataclasses import dataclass

from portal.api.notices import EXAMPLE


@dataclass(frozen=True)
class BadBody:
    name: str
    raw: str
    status: int
    code: str


def _notice_with(field: str, raw_value: str) -> str:
    """The example notice, with one field's value written as raw JSON text."""
    others = {key: value for key, value in EXAMPLE.items() if key != field}
    return json.dumps(others)[:-1] + f', "{field}": {raw_value}}}'


_VALID = json.dumps(EXAMPLE)

BAD_BODIES = [
    BadBody("not json", "{not json", 400, "json_invalid"),
    BadBody("trailing text", _VALID + " and more", 400, "json_invalid"),
    BadBody("byte order mark", "\ufeff" + _VALID, 400, "json_invalid"),
    BadBody("NaN", _notice_with("explanation", "NaN"), 400, "json_invalid"),
    BadBody("Infinity", _notice_with("explanation", "-Infinity"), 400, "json_invalid"),
    BadBody("lists nested 5000 deep", "[" * 5000 + "]" * 5000, 400, "json_too_deep"),
    BadBody("objects nested 5000 deep", '{"a":' * 5000 + "1" + "}" * 5000, 400, "json_too_deep"),
    BadBody("nested 33 deep", "[" * 33 + "]" * 33, 400, "json_too_deep"),
    BadBody(
        "deep inside a field",
        _notice_with("explanation", "[" * 3000 + "]" * 3000),
        400,
        "json_too_deep",
    ),
    BadBody(
        "an integer of 5000 digits", _notice_with("extra", "9" * 5000), 400, "json_number_too_long"
    ),
    BadBody(
        "a negative integer of 5000 digits in a field",
        _notice_with("language", "-" + "1" * 5000),
        400,
        "json_number_too_long",
    ),
    BadBody(
        "a key given twice", _VALID[:-1] + ', "name": "Someone Else"}', 400, "json_duplicate_key"
    ),
    BadBody(
        "a key given twice in a nested object",
        _notice_with("grounds", '{"basis": "review_rules", "basis": "illegal_content"}'),
        400,
        "json_duplicate_key",
    ),
    BadBody(
        "a lone high surrogate in a value",
        _notice_with("name", '"Alex \\ud800 Martin"'),
        400,
        "json_invalid_unicode",
    ),
    BadBody(
        "a lone low surrogate in a key", _notice_with("\\udc00", "1"), 400, "json_invalid_unicode"
    ),
    BadBody(
        "a surrogate pair in the wrong order in a list",
        _notice_with("attachments", '["\\udc00\\ud800"]'),
        400,
        "json_invalid_unicode",
    ),
    BadBody("null", "null", 422, "validation_failed"),
    BadBody("a list", "[]", 422, "validation_failed"),
    BadBody("a string", '"notice"', 422, "validation_failed"),
    BadBody("a number", "1e999999", 422, "validation_failed"),
    BadBody("an empty object", "{}", 422, "validation_failed"),
    BadBody(
        "a huge float in a field",
        _notice_with("submission_id", "1e999999"),
        422,
        "validation_failed",
    ),
]
