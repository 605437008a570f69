"""
What the log scrubber leaves of personal data, and that no text a sender can send makes it
slow.
"""

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from portal.observability import scrub


@contextmanager
def at_most_seconds(seconds: int) -> Iterator[None]:
    """Fail rather than hang: a scrubber that backtracks takes minutes on these inputs."""

    def give_up(signum: int, frame: object) -> None:
        raise TimeoutError(f"scrubbing took over {seconds} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(
    "address",
    ["zelda@example.com", "o'brien@example.ie", "a=b/c@example.de", "jan+dsa@xn--exmple-cua.nl"],
)
def test_every_kind_of_address_is_scrubbed_whole(address: str) -> None:
    scrubbed = scrub(f"MessageRejected: Email address is not verified: {address}.")

    assert address.split("@")[0] not in scrubbed
    assert "[address]" in scrubbed


@pytest.mark.parametrize(
    "text",
    [
        "x" * 200_000,  # a key typed by a sender, no space and no @
        "x" * 200_000 + "@",  # the worst case of an unbounded pattern
        ("x" * 70 + "@") * 3_000,
    ],
    ids=["no at sign", "one at sign at the end", "many at signs"],
)
def test_scrubbing_long_text_without_spaces_takes_no_time(text: str) -> None:
    with at_most_seconds(5):
        scrubbed = scrub(text)

    assert len(scrubbed) <= len(text) + 10


HANDLERS = """
from portal.observability import metrics
from aws_lambda_powertools.metrics import MetricUnit

@metrics.log_metrics
def quiet(event, context):
    return 1

@metrics.log_metrics
def counting(event, context):
    metrics.add_metric(name="NoticesReceived", unit=MetricUnit.Count, value=1)

quiet({}, None)
counting({}, None)
"""


def test_a_request_without_metrics_warns_of_nothing_and_metrics_still_publish() -> None:
    # A fresh interpreter, every warning shown (-W default), as in a Lambda environment.
    done = subprocess.run(
        [sys.executable, "-W", "default", "-c", HANDLERS],
        capture_output=True,
        text=True,
        check=True,
    )

    assert done.stderr == ""
    published = json.loads(done.stdout)
    assert published["NoticesReceived"] == [1.0]
