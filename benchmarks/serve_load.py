"""
Load benchmark of `make serve`: the whole portal started as `portal serve` starts it (its
own process, the embedded AWS, the workers), proof-of-work off, then S concurrent senders
on loopback, each posting N notices one after the other. Prints the time per submission
(median, p95) and the throughput; stops the server and exits by itself.

    .venv/bin/python benchmarks/serve_load.py [--senders 16] [--notices 10]

Checks only that every submission got a 201 receipt of its own. Target (issue 14): a median of at
most 1 s per submission with 16 senders.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "functions"))

from portal.api.notices import EXAMPLE  # noqa: E402 - after the path is set


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def post_notice(url: str) -> tuple[float, str]:
    """Post one notice; returns its seconds and reference, raises unless it is a 201 receipt."""
    body = json.dumps({**EXAMPLE, "submission_id": str(uuid.uuid4())}).encode()
    request = urllib.request.Request(  # noqa: S310 - our own loopback URL
        f"{url}/api/v1/notices",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Accept-Language": "en"},
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            receipt = json.loads(response.read())
            status = response.status
    except urllib.error.HTTPError as error:
        raise AssertionError(f"{error.code}: {error.read()[:500]!r}") from error
    elapsed = time.perf_counter() - started
    if status != 201 or "reference" not in receipt:
        raise AssertionError(f"{status}: {receipt}")
    return elapsed, str(receipt["reference"])


def start_portal(port: int, site_dir: Path, log_path: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PORTAL_CHALLENGE": "off",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(REPO / "functions"),
    }
    env.pop("AWS_ENDPOINT_URL", None)
    command = [sys.executable, "-m", "portal.cli", "serve", "--no-build"]
    command += ["--out", str(site_dir), "--port", str(port)]
    with log_path.open("wb") as log:  # a file, not a pipe that nobody reads
        return subprocess.Popen(command, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)


def wait_until_up(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"portal serve exited:\n{log_path.read_text()}")
        try:
            post_notice(url)  # also the warm-up: first clients, first route
            return
        except (OSError, urllib.error.URLError):
            time.sleep(0.3)
    raise SystemExit("portal serve did not answer within 90 s")


def load(url: str, senders: int, notices: int) -> tuple[list[float], float]:
    """`senders` threads, each posting `notices` notices in turn; returns times and wall time."""
    times: list[float] = []
    references: set[str] = set()
    failures: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(senders + 1)

    def sender() -> None:
        start.wait()
        for _ in range(notices):
            try:
                elapsed, reference = post_notice(url)
            except (AssertionError, OSError) as error:
                with lock:
                    failures.append(error)
                return
            with lock:
                times.append(elapsed)
                references.add(reference)

    threads = [threading.Thread(target=sender, daemon=True) for _ in range(senders)]
    for thread in threads:
        thread.start()
    start.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join(timeout=600)
    wall = time.perf_counter() - started
    if failures:
        raise SystemExit(f"{len(failures)} submissions failed, first: {failures[0]!r}")
    if len(references) != len(times):
        raise SystemExit(f"{len(times)} receipts, but {len(references)} distinct references")
    return times, wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--senders", type=int, default=16)
    parser.add_argument("--notices", type=int, default=10, help="per sender")
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        log_path = Path(tmp) / "serve.log"
        process = start_portal(port, Path(tmp), log_path)
        try:
            wait_until_up(url, process, log_path)
            for senders in sorted({1, args.senders}):
                times, wall = load(url, senders, args.notices)
                times.sort()
                print(
                    f"{senders:2} senders x {args.notices} notices: per submission median "
                    f"{statistics.median(times):6.2f} s, p95 {times[int(0.95 * len(times))]:6.2f} s;"
                    f" {len(times) / wall:5.1f} submissions/s"
                )
        finally:
            process.terminate()
            process.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
