"""
`portal serve` stops on the first Ctrl-C or SIGTERM and ignores the next ones while it
stops (a second Ctrl-C, or the copy `uv run` passes on): no traceback cuts the stop short.
"""

import signal
import subprocess
import sys

import pytest

SIGNALLED = """
import os, signal, time
from portal.local.server import stop_on_first_signal

stop_on_first_signal()
try:
    os.kill(os.getpid(), signal.{first})
    time.sleep(5)
except KeyboardInterrupt:
    print("stopping", flush=True)
    os.kill(os.getpid(), signal.SIGTERM)
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.2)
    print("stopped")
"""


def ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run(code: str, sigint_ignored: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        preexec_fn=ignore_sigint if sigint_ignored else None,
    )


@pytest.mark.parametrize("first", ["SIGINT", "SIGTERM"])
def test_the_first_signal_stops_and_the_signals_after_it_are_ignored(first: str) -> None:
    done = run(SIGNALLED.format(first=first))

    assert (done.returncode, done.stdout, done.stderr) == (0, "stopping\nstopped\n", "")


def test_a_sigint_ignored_from_the_start_stays_ignored() -> None:
    code = SIGNALLED.format(first="SIGINT").replace("time.sleep(5)", 'print("still serving")')

    done = run(code, sigint_ignored=True)

    assert (done.returncode, done.stdout, done.stderr) == (0, "still serving\n", "")
