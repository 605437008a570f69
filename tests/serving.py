"""
`portal serve` in its own process, as the browser tests and the staff sign-in tests start
it: on a free loopback port, its output in a file, stopped at the end.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def served_portal(
    site_dir: Path, log_path: Path, challenge: str, seconds: float = 60
) -> Iterator[str]:
    """The portal serving `site_dir` (already built), with PORTAL_CHALLENGE=`challenge`."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PORTAL_CHALLENGE": challenge, "POWERTOOLS_LOG_LEVEL": "WARNING"}
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
        yield url
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            # On a busy machine (tests on every core) its execution environments can take
            # longer to stop than the tests need: what the tests assert is done by then.
            process.kill()
            process.wait()
