"""
A pool of local Lambda execution environments: worker processes that each import a handler,
wire it once, and handle one event at a time, as Lambda runs one invocation per environment.

Why processes, not a resolver per thread: Powertools keeps per-invocation state that threads
in one process would share, whatever we build per thread. `resolve()` stores the event and
context on the `BaseRouter` class, not on the resolver (Powertools 3.37), and the module-level
routers point at the last resolver that included them; the Logger's keys, the Metrics buffer,
`IdempotencyConfig.register_lambda_context` and the wiring singleton (lazily created boto3
clients on the default session, which is not thread-safe) are one per process too. Without
the gateway's lock, concurrent requests got each other's status codes. A process per
environment shares none of it, needs no change to the handler, and uses more than one core.
"""

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]
Setup = Callable[[], object]

_handler: Handler | None = None  # the handler of this worker process, set by _start


def _exit_when_orphaned(parent: int) -> None:
    """A server killed outright cannot stop its pool: its workers then stop themselves."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def _start(handler: Handler, setup: Setup | None) -> None:
    global _handler
    # Ctrl-C reaches the whole process group: the server stops its pool, workers ignore it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_when_orphaned, args=(os.getppid(),), daemon=True).start()
    if setup is not None:
        setup()
    _handler = handler


def _invoke(event: dict[str, Any], context: Any) -> dict[str, Any]:
    if _handler is None:
        raise RuntimeError("the worker was started without a handler")
    return _handler(event, context)


def _ready() -> None:
    """Nothing: a first task, so that every environment starts before the first request."""


class ExecutionEnvironments:
    """
    `size` worker processes serving `handler`, called like the handler itself.

    `handler` and `setup` must be module-level functions (or `functools.partial`s of them):
    they are pickled by name into workers started with `spawn`, since this process already
    runs threads (the embedded AWS, the pollers) and forking it would copy their locks. A
    worker inherits this process's environment variables at start, so `setup` runs in it and
    wires the handler there (as a cold start would).
    """

    def __init__(self, handler: Handler, setup: Setup | None = None, size: int = 4) -> None:
        self.size = size
        self._pool = ProcessPoolExecutor(
            max_workers=size,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start,
            initargs=(handler, setup),
        )

    def start(self) -> None:
        """Start every environment now and wait for their cold starts."""
        for started in [self._pool.submit(_ready) for _ in range(self.size)]:
            started.result()

    def __call__(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        return self._pool.submit(_invoke, event, context).result()

    def stop(self) -> None:
        """
        Ends every environment now. Let go, each tore down its interpreter (boto3 and
        Powertools included), 7 s for four on a busy machine, longer than a test waits for
        `portal serve` to stop; they hold nothing to keep: the data lives in the embedded AWS.
        """
        processes = list(self._pool._processes.values())
        self._pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.kill()
        self._pool.shutdown(wait=True)
        for process in processes:
            process.join()
