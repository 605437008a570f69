"""
`portal serve` in its own process, as the browser tests and the staff sign-in tests start
it: on a free loopback port, its output in a file, stopped at the end.
"""

import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _start_portal(
    site_dir: Path, log_path: Path, challenge: str, seconds: float
) -> tuple[subprocess.Popen[bytes], str]:
    """Start `portal serve` and wait until its API answers; returns the process and its URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "PORTAL_CHALLENGE": challenge,
        "POWERTOOLS_LOG_LEVEL": "WARNING",
        # Two API environments, not four: the tests send one request at a time per worker,
        # and each environment's cold start costs 2 s of CPU.
        "PORTAL_API_ENVIRONMENTS": "2",
        # The whole proof of work (issued, solved by the page, verified, spent) at 1 % of
        # its cost: 2 s of CPU a solution in Python, one per form sent (as tests/integration).
        "CHALLENGE_COST": "50",
    }
    env.pop("AWS_ENDPOINT_URL", None)
    command = [sys.executable, "-m", "portal.cli", "serve", "--no-build", "--out", str(site_dir)]
    # A file, not a pipe: nobody reads a pipe while tests run, and a full one blocks the server.
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [*command, "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"portal serve exited:\n{log_path.read_text()}", pytrace=False)
            try:
                urllib.request.urlopen(f"{url}/api/v1/challenge", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        else:
            process.kill()
            pytest.fail(f"portal serve did not start within {seconds:.0f} s", pytrace=False)
        return process, url


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        # On a busy machine (tests on every core) its execution environments can take
        # longer to stop than the tests need: what the tests assert is done by then.
        process.kill()
        process.wait()


def _alive(pid: int) -> bool:
    """Running: neither gone nor a zombie that its parent (another worker) has yet to reap."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


_STARTED: dict[int, subprocess.Popen[bytes]] = {}  # the portals this process started


@contextmanager
def shared_portal(
    site_dir: Path, folder: Path, challenge: str, seconds: float = 60
) -> Iterator[str]:
    """
    One `portal serve` for every pytest-xdist worker of the run that needs it (10-15 s of
    CPU to start: its embedded AWS and its API environments). The first worker starts it;
    a count of users under a lock in `folder` (shared by the workers) lets the last one
    to finish stop it, whichever started it.
    """
    state = folder / f"portal-{challenge}.json"

    def update(change: int) -> str:
        with (folder / f"portal-{challenge}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            known = json.loads(state.read_text()) if state.exists() else None
            if known is None or not _alive(known["pid"]):
                if change < 0:
                    return ""
                log_path = folder / f"portal-{challenge}-{os.getpid()}.log"
                process, url = _start_portal(site_dir, log_path, challenge, seconds)
                _STARTED[process.pid] = process
                known = {"pid": process.pid, "url": url, "users": 0}
            known["users"] += change
            if known["users"] > 0:
                state.write_text(json.dumps(known))
                return str(known["url"])
            state.unlink()
            if known["pid"] in _STARTED:
                _stop(_STARTED.pop(known["pid"]))
                return ""
            os.kill(known["pid"], signal.SIGTERM)
            # Not necessarily our child: wait for it as its parent would.
            deadline = time.monotonic() + 10
            while _alive(known["pid"]) and time.monotonic() < deadline:
                time.sleep(0.1)
            if _alive(known["pid"]):
                os.kill(known["pid"], signal.SIGKILL)
            return ""

    url = update(+1)
    try:
        yield url
    finally:
        update(-1)
