"""
The local API Gateway with an in-process handler: called one request at a time, however
many threads the server runs (Powertools' resolver is not thread-safe).
"""

import threading
import time
from typing import Any

from werkzeug.test import Client

from portal.local.gateway import ApiGateway

SENDERS = 8


def test_an_in_process_handler_is_called_one_request_at_a_time() -> None:
    running, most = [0], [0]
    lock = threading.Lock()

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.02)  # room for another thread to enter, were it let in
        with lock:
            running[0] -= 1
        return {"statusCode": 201, "body": event["requestContext"]["requestId"]}

    gateway = ApiGateway(handler)
    statuses: list[int] = []
    senders = [
        threading.Thread(target=lambda: statuses.append(Client(gateway).post("/").status_code))
        for _ in range(SENDERS)
    ]

    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join(timeout=60)

    assert statuses == [201] * SENDERS
    assert most[0] == 1
