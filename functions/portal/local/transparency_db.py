"""
A local stand-in of the Commission's DSA Transparency Database (Art. 24(5) DSA), for
`make serve` and the tests: it checks statements of reasons against the database's own
rules and answers like its API (POST /api/v1/statement(s), GET existing-puid).

The rules are read from sor-schema.json, our structured summary of the database's
validation code (transparency-database commit 69e80a0b, StatementStoreRequest.php and
GroupedSubmissionsService.php), so that the stand-in and our builder are held to the same
list. Messages are the database's: Laravel's English validation sentences and the
database's own overrides. Rules the database documents but does not enforce (R08, R10,
R11, R15) are checked separately (`unenforced_rule_breaches`), never refused here.
"""

import json
import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from functools import cache
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from portal.domain.personal_data import findings

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

SCHEMA_FILE = Path(__file__).with_name("sor-schema.json")
MAX_BATCH = 100
PLATFORM_NAME = "Back Market (local stand-in)"
BASE_URL = "http://transparency-db.local"

UNAUTHENTICATED = {"message": "Unauthenticated."}
PUID_NOT_UNIQUE_BATCH = "The platform identifier(s) are not all unique within this call."
PUID_NOT_UNIQUE_SINGLE = "The identifier given is not unique within this platform."

# The database's own sentences, where it overrides Laravel's (StatementStoreRequest::messages).
_OVERRIDES = {
    "decision_monetary_other.required_if": "The decision monetary other field is required when decision monetary is other.",
    "illegal_content_legal_ground.required_if": "The illegal content legal ground field is required when decision ground is illegal content.",
    "illegal_content_explanation.required_if": "The illegal content explanation field is required when decision ground is illegal content.",
    "incompatible_content_ground.required_if": "The incompatible content ground field is required when decision ground is incompatible content.",
    "incompatible_content_explanation.required_if": "The incompatible content explanation field is required when decision ground is incompatible content.",
    "content_date.date_format": "The content date does not match the format YYYY-MM-DD.",
    "application_date.date_format": "The application date does not match the format YYYY-MM-DD.",
    "end_date_account_restriction.date_format": "The end date of account restriction does not match the format YYYY-MM-DD.",
    "end_date_monetary_restriction.date_format": "The end date of monetary restriction does not match the format YYYY-MM-DD.",
    "end_date_service_restriction.date_format": "The end date of service restriction does not match the format YYYY-MM-DD.",
    "end_date_visibility_restriction.date_format": "The end date of visibility restriction does not match the format YYYY-MM-DD.",
    "puid.regex": "The puid format is invalid.",
}  # fmt: skip
# The conditional fields required through Rule::requiredIf, which Laravel reports as a
# plain `required` (the database's `required_if` overrides do not apply to them).
_RULE_OBJECT_REQUIRED = {"decision_visibility_other", "content_type_other"}


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text("utf-8"))
    return loaded


def rules() -> dict[str, dict[str, Any]]:
    """The schema's rules by id (R01_at_least_one_restriction, ...)."""
    return {rule["id"]: rule for rule in schema()["rules"]}


def enum_values(name: str) -> frozenset[str]:
    values = schema()["enums"][name]
    return frozenset(values if isinstance(values, list) else values.keys())


def _attribute(field: str) -> str:
    return field.replace("_", " ")


def _message(field: str, rule: str, default: str) -> str:
    return _OVERRIDES.get(f"{field}.{rule}", default)


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _excluded(statement: Mapping[str, Any]) -> set[str]:
    """Fields the database drops before checking them: their trigger is absent (R02-R07)."""
    dropped: set[str] = set()
    for rule in schema()["rules"]:
        check = rule["check"]
        kind = check["type"]
        targets = check.get("fields") or [check.get("field")]
        trigger = statement.get(check.get("if_field", ""))
        if kind == "required_if_contains" and check.get("else") == "drop":
            present = isinstance(trigger, list) and check["contains"] in trigger
            if not present:
                dropped |= set(targets)
        elif kind == "required_if_equals" and check.get("else") == "drop":
            if trigger != check["equals"]:
                dropped |= set(targets) | set(check.get("optional_when_true", []))
        elif kind == "drop_if_equals" and trigger == check["equals"]:
            dropped |= set(targets)
    return dropped


def _required_messages(statement: Mapping[str, Any], excluded: set[str]) -> dict[str, str]:
    """Each required field that is missing, with the database's sentence."""
    missing: dict[str, str] = {}
    for field, spec in schema()["fields"].items():
        if spec.get("required") is True and _is_empty(statement.get(field)):
            missing[field] = _message(
                field, "required", f"The {_attribute(field)} field is required."
            )
    for rule in schema()["rules"]:
        check = rule["check"]
        kind = check["type"]
        if kind == "at_least_one_present":
            fields = check["fields"]
            if all(_is_empty(statement.get(field)) for field in fields):
                for field in fields:
                    others = " / ".join(_attribute(other) for other in fields if other != field)
                    missing[field] = (
                        f"The {_attribute(field)} field is required when none of {others} are present."
                    )
        elif kind in {"required_if_contains", "required_if_equals"}:
            for field in check.get("fields") or [check["field"]]:
                if field in excluded or not _is_empty(statement.get(field)):
                    continue
                if field in _RULE_OBJECT_REQUIRED:
                    missing[field] = f"The {_attribute(field)} field is required."
                else:
                    value = str(check.get("equals", check.get("contains")))
                    missing[field] = _message(
                        field,
                        "required_if",
                        f"The {_attribute(field)} field is required when "
                        f"{_attribute(check['if_field'])} is {value}.",
                    )
    return missing


def _date_messages(field: str, spec: Mapping[str, Any], value: Any) -> list[str]:
    name = _attribute(field)
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return [_message(field, "date_format", f"The {name} field must match the format Y-m-d.")]
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return [_message(field, "date_format", f"The {name} field must match the format Y-m-d.")]
    messages = []
    if "min" in spec and day < date.fromisoformat(spec["min"]):
        messages.append(f"The {name} field must be a date after or equal to {spec['min']}.")
    if "max" in spec and day > date.fromisoformat(spec["max"]):
        messages.append(f"The {name} field must be a date before or equal to {spec['max']}.")
    return messages


def _is_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def _field_messages(field: str, spec: Mapping[str, Any], value: Any) -> list[str]:
    """The checks on a given value: type, enum, length, pattern, date, URL."""
    name = _attribute(field)
    kind = str(spec.get("type", "string"))
    if kind.startswith("array"):
        if not isinstance(value, list):
            return [f"The {name} field must be an array."]
        items = value
    elif kind == "object":
        if not isinstance(value, dict):
            return [f"The {name} field must be an array."]
        return _object_messages(field, spec, value)
    else:
        items = [value]
    messages: list[str] = []
    if "enum" in spec:
        allowed = enum_values(spec["enum"])
        if any(not isinstance(item, str) or item not in allowed for item in items):
            messages.append(f"The selected {name} is invalid.")
        return messages
    if kind.startswith("string(date)"):
        return _date_messages(field, spec, value)
    if not isinstance(value, str):
        return [f"The {name} field must be a string."]
    if "max_length" in spec and len(value) > spec["max_length"]:
        messages.append(
            f"The {name} field must not be greater than {spec['max_length']} characters."
        )
    if "pattern" in spec and not re.fullmatch(spec["pattern"].strip("^$"), value):
        messages.append(_message(field, "regex", f"The {name} field format is invalid."))
    if kind == "string(url)" and not _is_url(value):
        messages.append(f"The {name} field must be a valid URL.")
    return messages


def _object_messages(field: str, spec: Mapping[str, Any], value: Mapping[str, Any]) -> list[str]:
    messages = []
    for key, pattern in spec.get("value_pattern", {}).items():
        if key in value and not (
            isinstance(value[key], str) and re.fullmatch(pattern.strip("^$"), value[key])
        ):
            messages.append(f"The {_attribute(field)}.{key} field format is invalid.")
    return messages


def validate(statement: Any) -> dict[str, list[str]]:
    """The database's errors for one statement, by field; {} when it would be stored."""
    if not isinstance(statement, dict):
        return {"statement": ["The statement field must be an array."]}
    excluded = _excluded(statement)
    errors: dict[str, list[str]] = {
        field: [message] for field, message in _required_messages(statement, excluded).items()
    }
    for field, spec in schema()["fields"].items():
        value = statement.get(field)
        if field in excluded or field in errors or _is_empty(value):
            continue
        messages = _field_messages(field, spec, value)
        if messages:
            errors[field] = messages
    return errors


def unenforced_rule_breaches(statement: Mapping[str, Any]) -> list[str]:
    """
    The rules the database documents (or we add) but its code does not refuse: end dates
    on or after the application date (R10), an end date only for a restriction given (R11),
    KEYWORD_OTHER described (R08), and no personal data in public text (R15).
    """
    breaches = []
    table = rules()
    keywords = statement.get("category_specification") or []
    other = table["R08_keyword_other_text"]["check"]
    if other["contains"] in keywords and _is_empty(statement.get(other["field"])):
        breaches.append("R08_keyword_other_text")
    start = statement.get("application_date")
    for field in table["R10_end_after_start"]["check"]["fields"]:
        end = statement.get(field)
        if isinstance(end, str) and isinstance(start, str) and end < start:
            breaches.append("R10_end_after_start")
            break
    for field, restriction in table["R11_end_date_matches_restriction"]["check"]["pairs"].items():
        if not _is_empty(statement.get(field)) and _is_empty(statement.get(restriction)):
            breaches.append("R11_end_date_matches_restriction")
            break
    scanned = [
        field for field in table["R15_no_personal_data"]["check"]["fields"] if field != "puid"
    ]
    if any(
        isinstance(statement.get(field), str) and findings(statement[field]) for field in scanned
    ):
        breaches.append("R15_no_personal_data")
    return breaches


def _summary(errors: Mapping[str, list[str]]) -> str:
    """Laravel's ValidationException message: the first error, and how many more."""
    messages = [message for field_messages in errors.values() for message in field_messages]
    more = len(messages) - 1
    if more <= 0:
        return messages[0]
    return f"{messages[0]} (and {more} more error{'s' if more > 1 else ''})"


class TransparencyDatabase:
    """The stand-in's store and API, for one platform; `token`: the bearer it accepts."""

    def __init__(self, token: str | None = None) -> None:
        self.token = token
        self.submitted: list[dict[str, Any]] = []
        self.puids: set[str] = set()
        # What the database answers for each stored PUID (existing-puid returns it).
        self.stored: dict[str, dict[str, Any]] = {}

    def _authorized(self, headers: Mapping[str, str]) -> bool:
        if self.token is None:
            return True
        given = {key.lower(): value for key, value in headers.items()}.get("authorization", "")
        return given == f"Bearer {self.token}"

    def _stored(self, statement: Mapping[str, Any], now: datetime) -> dict[str, Any]:
        identifier = str(uuid.uuid4())
        return {
            **statement,
            "uuid": identifier,
            "created_at": now.strftime("%Y-%m-%d %H:%M:%S"),
            "platform_name": PLATFORM_NAME,
            "self": f"{BASE_URL}/api/v1/statement/{identifier}",
            "permalink": f"{BASE_URL}/statement/{identifier}",
        }

    def post_statements(
        self, body: Any, headers: Mapping[str, str], now: datetime
    ) -> tuple[int, dict[str, Any]]:
        """POST /api/v1/statements: 1 to 100 statements, all stored or none (R16)."""
        if not self._authorized(headers):
            return 401, UNAUTHENTICATED
        statements = body.get("statements") if isinstance(body, dict) else None
        if not isinstance(statements, list) or not 1 <= len(statements) <= MAX_BATCH:
            message = (
                "The statements field is required."
                if _is_empty(statements)
                else f"The statements field must have between 1 and {MAX_BATCH} items."
                if isinstance(statements, list)
                else "The statements field must be an array."
            )
            return 422, {"message": message, "errors": {"statements": [message]}}
        errors = {
            f"statement_{index}": found
            for index, statement in enumerate(statements)
            if (found := validate(statement))
        }
        if errors:
            return 422, {"errors": errors}
        puids = [str(statement["puid"]) for statement in statements]
        duplicates = sorted({p for p in puids if puids.count(p) > 1 or p in self.puids})
        if duplicates:
            return 422, {
                "message": PUID_NOT_UNIQUE_BATCH,
                "errors": {"puid": [PUID_NOT_UNIQUE_BATCH], "existing_puids": duplicates},
            }
        self.submitted.extend(dict(statement) for statement in statements)
        self.puids.update(puids)
        stored = [self._stored(statement, now) for statement in statements]
        self.stored.update((str(item["puid"]), item) for item in stored)
        return 201, {"statements": stored}

    def post_statement(
        self, body: Any, headers: Mapping[str, str], now: datetime
    ) -> tuple[int, dict[str, Any]]:
        """POST /api/v1/statement: one statement."""
        if not self._authorized(headers):
            return 401, UNAUTHENTICATED
        errors = validate(body)
        if errors:
            return 422, {"message": _summary(errors), "errors": errors}
        if body["puid"] in self.puids:
            return 422, {
                "message": PUID_NOT_UNIQUE_SINGLE,
                "errors": {"puid": [PUID_NOT_UNIQUE_SINGLE]},
                "existing": {"puid": body["puid"]},
            }
        self.submitted.append(dict(body))
        self.puids.add(str(body["puid"]))
        stored = self._stored(body, now)
        self.stored[str(body["puid"])] = stored
        return 201, stored

    def existing_puid(self, puid: str, headers: Mapping[str, str]) -> tuple[int, dict[str, Any]]:
        """
        GET /api/v1/statement/existing-puid/{puid}: 302 with the stored statement (as the
        database's StatementAPIController::existingPuid answers), else 404.
        """
        if not self._authorized(headers):
            return 401, UNAUTHENTICATED
        if puid in self.stored:
            return 302, dict(self.stored[puid])
        if puid in self.puids:
            return 302, {"message": "statement of reason found", "puid": puid}
        return 404, {"message": "statement of reason not found", "puid": puid}

    def statements(self) -> list[dict[str, Any]]:
        """GET /_dev/transparency-db/statements: what was stored, as submitted."""
        return [dict(statement) for statement in self.submitted]


_EXISTING_PUID = re.compile(r"^/api/v1/statement/existing-puid/(?P<puid>[^/]+)$")
DEV_STATEMENTS_PATH = "/_dev/transparency-db/statements"


def _json(body: bytes | str | None) -> Any:
    """The request's JSON; Laravel reads a body it cannot parse as no input at all."""
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


def handle(
    database: TransparencyDatabase,
    method: str,
    path: str,
    headers: Mapping[str, str],
    body: bytes | str | None,
    now: datetime,
) -> tuple[int, Any]:
    """One HTTP request to the stand-in: its status and JSON body, for the local server."""
    route = (method.upper(), path.rstrip("/") or "/")
    if route == ("POST", "/api/v1/statements"):
        return database.post_statements(_json(body), headers, now)
    if route == ("POST", "/api/v1/statement"):
        return database.post_statement(_json(body), headers, now)
    if route == ("GET", DEV_STATEMENTS_PATH):
        return 200, database.statements()
    found = _EXISTING_PUID.match(route[1])
    if route[0] == "GET" and found:
        return database.existing_puid(found["puid"], headers)
    return 404, {"message": "Not Found"}


MOUNT = "/_dev/transparency-db"


class TransparencyDatabaseApp:
    """
    The stand-in over HTTP for `make serve` and the tests, mounted at /_dev/transparency-db:
    the database's API under it (so the worker's base URL is `<origin>/_dev/transparency-db`)
    and GET /_dev/transparency-db/statements. Other paths go to `fallback`.
    """

    def __init__(
        self, database: TransparencyDatabase, fallback: "WSGIApplication | None" = None
    ) -> None:
        self.database = database
        self.fallback = fallback

    def __call__(
        self, environ: "WSGIEnvironment", start_response: "StartResponse"
    ) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path != MOUNT and not path.startswith(f"{MOUNT}/"):
            if self.fallback is None:
                start_response("404 Not Found", [("Content-Type", "application/json")])
                return [b'{"message": "Not Found"}']
            return self.fallback(environ, start_response)
        inner = path if path.rstrip("/") == DEV_STATEMENTS_PATH else path.removeprefix(MOUNT)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else None
        headers = {
            key.removeprefix("HTTP_").replace("_", "-").lower(): str(value)
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        status, answer = handle(
            self.database,
            environ.get("REQUEST_METHOD", "GET"),
            inner,
            headers,
            body,
            datetime.now(UTC),
        )
        start_response(
            f"{status} {HTTPStatus(status).phrase}", [("Content-Type", "application/json")]
        )
        return [json.dumps(answer).encode("utf-8")]
