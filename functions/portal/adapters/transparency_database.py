"""
The Commission's Transparency Database over HTTP (notes/dsa.md §3): POST
/api/v1/statements with 1 to 100 statements, GET /api/v1/statement/existing-puid/{puid}
(302 found, 404 not), a Sanctum bearer token. urllib3, which botocore brings and the Lambda
runtime ships, rather than another HTTP library. One call per method: the retries, and
the lookups before them, are the submission's (domain/statement_submission.py).
"""

import json
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote

import urllib3

from portal.domain.statement_submission import DatabaseBusy, Refused, Stored

# A call of 100 statements takes the database a few seconds; a lost connection should not
# hold the worker for long. Mirror a change in domain/statement_submission.py CALL_SECONDS.
TIMEOUT = urllib3.Timeout(connect=5.0, read=30.0)
_STATEMENT_ERRORS = re.compile(r"^statement_(\d+)$")


class TransparencyDatabaseError(Exception):
    """An answer no retry will change (401: the token; anything unexpected): operators fix it."""


def retry_after(value: str | None, now: datetime) -> float | None:
    """Retry-After in seconds, from seconds or an HTTP date; None if absent or unreadable."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - now).total_seconds())


def _messages(errors: Any) -> str:
    """One statement's errors (field -> sentences) as one text for staff."""
    if isinstance(errors, dict):
        return " ".join(
            str(message)
            for messages in errors.values()
            for message in (messages if isinstance(messages, list) else [messages])
        )
    return str(errors)


def refusal(body: Any) -> Refused:
    """A 422's body: per-statement errors keyed `statement_<index>`, PUIDs already stored."""
    body = body if isinstance(body, dict) else {}
    errors = body.get("errors") if isinstance(body.get("errors"), dict) else {}
    per_statement = {
        int(found.group(1)): _messages(value)
        for key, value in errors.items()
        if (found := _STATEMENT_ERRORS.match(str(key)))
    }
    existing = errors.get("existing_puids") or []
    message = str(body.get("message") or _messages(errors) or "Unprocessable Content")
    return Refused(
        message=message,
        errors=per_statement,
        existing=frozenset(str(puid) for puid in existing if isinstance(existing, list)),
    )


class HttpTransparencyDatabase:
    def __init__(
        self,
        base_url: str,
        token: Callable[[], str],
        http: urllib3.PoolManager | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.http = http or urllib3.PoolManager(timeout=TIMEOUT, retries=False)
        self.clock = clock

    def _request(self, method: str, path: str, body: Any = None) -> "urllib3.BaseHTTPResponse":
        headers = {"Authorization": f"Bearer {self.token()}", "Accept": "application/json"}
        encoded = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            encoded = json.dumps(body).encode("utf-8")
        try:
            return self.http.request(
                method,
                f"{self.base_url}{path}",
                body=encoded,
                headers=headers,
                redirect=False,
                retries=False,
                timeout=TIMEOUT,
            )
        except urllib3.exceptions.HTTPError as error:
            # Sent, perhaps stored, but no answer (a timeout, a reset): a POST may have landed.
            raise DatabaseBusy(type(error).__name__, may_have_stored=method == "POST") from error

    def _busy(self, response: "urllib3.BaseHTTPResponse", method: str) -> DatabaseBusy | None:
        status = response.status
        if status != 429 and status < 500:
            return None
        return DatabaseBusy(
            str(status),
            # A 5xx may come after the database stored the call; a 429 never does.
            may_have_stored=method == "POST" and status >= 500,
            retry_after=retry_after(response.headers.get("Retry-After"), self.clock()),
        )

    @staticmethod
    def _json(response: "urllib3.BaseHTTPResponse") -> Any:
        try:
            return json.loads(response.data or b"null")
        except ValueError:
            return None

    def submit(self, statements: Sequence[dict[str, Any]]) -> Stored | Refused:
        response = self._request("POST", "/api/v1/statements", {"statements": list(statements)})
        if busy := self._busy(response, "POST"):
            raise busy
        body = self._json(response)
        if response.status == 201:
            stored = body.get("statements", []) if isinstance(body, dict) else []
            return Stored(
                uuids={
                    str(item["puid"]): str(item["uuid"])
                    for item in stored
                    if isinstance(item, dict) and "puid" in item and "uuid" in item
                }
            )
        if response.status == 422:
            return refusal(body)
        raise TransparencyDatabaseError(f"POST /api/v1/statements answered {response.status}")

    def find(self, puid: str) -> tuple[bool, str | None]:
        response = self._request("GET", f"/api/v1/statement/existing-puid/{quote(puid, safe='')}")
        if busy := self._busy(response, "GET"):
            raise busy
        if response.status == 404:
            return False, None
        if response.status == 302:
            # The database answers the stored statement itself.
            body = self._json(response)
            found = body.get("uuid") if isinstance(body, dict) else None
            return True, str(found) if found else None
        raise TransparencyDatabaseError(f"GET existing-puid answered {response.status}")
