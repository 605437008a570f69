"""
The Transparency Database's HTTP client, against the local stand-in's answers (no socket:
urllib3's request is answered by the stand-in's `handle`), and against the failures only
a real network shows: 429, 5xx, timeouts.
"""

import json
from datetime import UTC, datetime
from typing import Any, cast
from urllib.parse import urlsplit

import pytest
import urllib3

from portal.adapters.transparency_database import (
    HttpTransparencyDatabase,
    TransparencyDatabaseError,
    retry_after,
)
from portal.domain.statement_submission import DatabaseBusy, Refused, Stored
from portal.local.transparency_db import TransparencyDatabase, handle
from tests.unit.test_statement_submission import queued

NOW = datetime(2026, 11, 22, 10, 5, tzinfo=UTC)
TOKEN = "unit-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


class StandInHttp:
    """PoolManager.request answered by `scripted` answers first, then by the stand-in."""

    def __init__(self, database: TransparencyDatabase) -> None:
        self.database = database
        self.scripted: list[urllib3.HTTPResponse | Exception] = []
        self.requests: list[dict[str, Any]] = []

    def request(
        self, method: str, url: str, body: bytes | None = None, headers: Any = None, **kw: Any
    ) -> urllib3.HTTPResponse:
        self.requests.append({"method": method, "url": url, "headers": headers, **kw})
        if self.scripted:
            answer = self.scripted.pop(0)
            if isinstance(answer, Exception):
                raise answer
            return answer
        path = urlsplit(url).path.removeprefix("/base")
        status, payload = handle(self.database, method, path, headers or {}, body, NOW)
        return answered(status, payload)


def answered(status: int, payload: Any = None, **headers: str) -> urllib3.HTTPResponse:
    return urllib3.HTTPResponse(
        body=json.dumps(payload).encode(), status=status, headers=headers, preload_content=True
    )


@pytest.fixture
def http() -> StandInHttp:
    return StandInHttp(TransparencyDatabase(TOKEN))


@pytest.fixture
def client(http: StandInHttp) -> HttpTransparencyDatabase:
    return HttpTransparencyDatabase(
        "https://database.example/base/",
        lambda: TOKEN,
        http=cast(urllib3.PoolManager, http),
        clock=lambda: NOW,
    )


def statements(count: int, **changes: Any) -> list[dict[str, Any]]:
    return [statement.statement for statement in queued(count, prefix="NT-HTTP-0000", **changes)]


def test_a_call_carries_the_token_and_answers_each_statements_identifier(
    client: HttpTransparencyDatabase, http: StandInHttp
) -> None:
    sent = statements(2)

    answer = client.submit(sent)

    assert answer == Stored({s["puid"]: http.database.stored[s["puid"]]["uuid"] for s in sent})
    (request,) = http.requests
    assert request["url"] == "https://database.example/base/api/v1/statements"
    assert request["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert request["redirect"] is False and request["retries"] is False


def test_a_refusal_names_each_statement_at_fault_by_its_index(
    client: HttpTransparencyDatabase,
) -> None:
    sent = statements(3)
    sent[2] = {**sent[2], "category": "STATEMENT_CATEGORY_NOT_ONE", "decision_facts": ""}

    answer = client.submit(sent)

    assert isinstance(answer, Refused)
    assert answer.errors == {
        2: "The decision facts field is required. The selected category is invalid."
    }
    assert answer.existing == frozenset()


def test_a_refusal_for_puids_already_stored_names_them(
    client: HttpTransparencyDatabase, http: StandInHttp
) -> None:
    sent = statements(2)
    http.database.post_statements({"statements": sent[:1]}, AUTH, NOW)

    answer = client.submit(sent)

    assert isinstance(answer, Refused)
    assert answer.existing == {sent[0]["puid"]}
    assert answer.errors == {}


def test_a_lookup_answers_whether_the_database_holds_a_puid_and_its_identifier(
    client: HttpTransparencyDatabase, http: StandInHttp
) -> None:
    sent = statements(2)
    http.database.post_statements({"statements": sent[:1]}, AUTH, NOW)

    assert client.find(sent[0]["puid"]) == (True, http.database.stored[sent[0]["puid"]]["uuid"])
    assert client.find(sent[1]["puid"]) == (False, None)


@pytest.mark.parametrize(
    ("answer", "may_have_stored", "waits"),
    [
        (answered(429, {"message": "Too Many Attempts."}, **{"Retry-After": "7"}), False, 7.0),
        (answered(503, {"message": "Service Unavailable"}), True, None),
        (urllib3.exceptions.ProtocolError("Connection aborted."), True, None),
    ],
)
def test_a_busy_or_silent_database_is_told_apart_from_a_refusal(
    client: HttpTransparencyDatabase,
    http: StandInHttp,
    answer: Any,
    may_have_stored: bool,
    waits: float | None,
) -> None:
    http.scripted = [answer, answer]

    with pytest.raises(DatabaseBusy) as sent:
        client.submit(statements(1))
    with pytest.raises(DatabaseBusy) as looked_up:
        client.find("NT-HTTP-0000-R001")

    assert (sent.value.may_have_stored, sent.value.retry_after) == (may_have_stored, waits)
    assert looked_up.value.may_have_stored is False  # a lookup stores nothing


def test_a_token_the_database_refuses_is_no_reason_to_retry_at_once(
    http: StandInHttp,
) -> None:
    client = HttpTransparencyDatabase(
        "https://database.example/base",
        lambda: "an-old-token",
        http=cast(urllib3.PoolManager, http),
    )

    with pytest.raises(TransparencyDatabaseError, match="401"):
        client.submit(statements(1))


def test_retry_after_is_read_from_seconds_or_a_date() -> None:
    assert retry_after("30", NOW) == 30.0
    assert retry_after("Sun, 22 Nov 2026 10:05:12 GMT", NOW) == 12.0
    assert retry_after("soon", NOW) is None
    assert retry_after(None, NOW) is None
