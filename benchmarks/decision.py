"""
Staff decision benchmark (issue 10): the time of `POST /api/v1/staff/cases/{ref}/decisions`,
warm and in process, against the embedded AWS (moto in memory), for a notice naming two
reviews (one removed, with its statement of reasons and three e-mails written in the same
transaction), and the time to open a case.

    .venv/bin/python benchmarks/decision.py [--decisions 50]

Prints figures; asserts nothing.
"""

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "functions")]
os.environ.update(
    AWS_ACCESS_KEY_ID="bench",
    AWS_SECRET_ACCESS_KEY="bench",  # noqa: S106 - moto's placeholder
    AWS_DEFAULT_REGION="eu-west-3",
    POWERTOOLS_METRICS_DISABLED="1",
    POWERTOOLS_LOG_LEVEL="WARNING",
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--decisions", type=int, default=50)
    args = parser.parse_args()

    from moto import mock_aws

    from portal.api.notices import EXAMPLE
    from portal.domain.decision_examples import NOTICE_DECISION
    from tests.integration.harness import LocalPortal

    with mock_aws():
        portal = LocalPortal(challenge=False)
        references = []
        for _ in range(args.decisions + 1):
            status, receipt = portal.post(
                "/api/v1/notices", {**EXAMPLE, "submission_id": str(uuid.uuid4())}
            )
            assert status == 201, receipt
            references.append(receipt["reference"])
        path = "/api/v1/staff/cases/{}/decisions"
        portal.staff("POST", path.format(references.pop()), NOTICE_DECISION)  # warm-up
        decisions, opens = [], []
        for reference in references:
            started = time.perf_counter()
            status, body = portal.staff("POST", path.format(reference), NOTICE_DECISION)
            decisions.append(time.perf_counter() - started)
            assert status == 201, body
            started = time.perf_counter()
            portal.staff("GET", f"/api/v1/staff/cases/{reference}")
            opens.append(time.perf_counter() - started)

    def figures(name: str, values: list[float]) -> None:
        ms = sorted(value * 1000 for value in values)
        print(
            f"{name}: median {statistics.median(ms):.1f} ms, "
            f"p90 {ms[int(len(ms) * 0.9) - 1]:.1f} ms, min {ms[0]:.1f} ms ({len(ms)} requests)"
        )

    figures("decision (warm, in process, moto in memory)", decisions)
    figures("open a case (warm, in process, moto in memory)", opens)


if __name__ == "__main__":
    main()
