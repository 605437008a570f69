"""
The local API Gateway of `make serve` under concurrent requests: through a pool of execution
environments (worker processes), requests run at once and each gets its own answer.
"""

import os
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.test import Client

from portal.domain.cases import LANGUAGES
from portal.local.environments import ExecutionEnvironments
from portal.local.gateway import ApiGateway
from tests.integration.gateway_handlers import SENDERS, meet_then_echo, report_process


@pytest.fixture
def environments() -> Iterator[ExecutionEnvironments]:
    pool = ExecutionEnvironments(meet_then_echo, size=SENDERS)
    pool.start()
    yield pool
    pool.stop()


def send_at_once(gateway: ApiGateway, headers: list[dict[str, str]]) -> list[Any]:
    answers: list[Any] = [None] * len(headers)

    def send(index: int) -> None:
        response = Client(gateway).post("/api/v1/notices", headers=headers[index], json={})
        answers[index] = (response.status_code, response.headers, response.get_json())

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(headers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def test_concurrent_requests_run_at_once_each_answered_with_its_own_receipt(
    environments: ExecutionEnvironments, tmp_path: Path
) -> None:
    gateway = ApiGateway(environments, one_at_a_time=False)
    headers = [
        {
            "x-meeting": str(tmp_path),
            "x-sender": uuid.uuid4().hex,
            "x-lang": LANGUAGES[i % len(LANGUAGES)],
        }
        for i in range(SENDERS)
    ]

    answers = send_at_once(gateway, headers)

    assert [status for status, _, _ in answers] == [201] * SENDERS  # all met: they overlapped
    for sent, (_, response_headers, body) in zip(headers, answers, strict=True):
        assert body["sender"] == sent["x-sender"]
        assert response_headers["Content-Language"] == sent["x-lang"]
        assert body["request_id"] == body["context_request_id"]
    assert len({body["request_id"] for _, _, body in answers}) == SENDERS
    # One request at a time per environment, as on Lambda: each waited in its own.
    assert len({body["environment"] for _, _, body in answers}) == SENDERS


def test_stopping_the_environments_ends_their_processes_at_once() -> None:
    pool = ExecutionEnvironments(report_process, size=2)
    pool.start()
    pids = {int(pool({}, None)["body"]) for _ in range(4)}

    started = time.monotonic()
    pool.stop()
    stopped_in = time.monotonic() - started

    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert stopped_in < 1  # a worker tearing down its interpreter took seconds
