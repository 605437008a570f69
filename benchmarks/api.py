"""
API benchmark: the cold import time of each Lambda entry point (a fresh interpreter each
time), the first request after a cold start, and the warm per-request time in process.

Cold imports are measured twice: with every module's bytecode cached, as in an artifact that
`make package` compiled, and with none, so that every imported module is compiled from its
source (an artifact without .pyc in Lambda's read-only folder; this machine sets
PYTHONDONTWRITEBYTECODE, so .venv holds no bytecode of its own); the standard library keeps
its bytecode in both, as in the Lambda runtime. The bytecode lives in build/bench-pycache/
(PYTHONPYCACHEPREFIX), written by one import before the timed runs.

    .venv/bin/python benchmarks/api.py [--runs 7] [--requests 200]

Prints figures; asserts nothing. Target: at most 300 ms cold import for the API.
"""

import argparse
import contextlib
import io
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import time
import uuid
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ENTRY_POINTS = {
    "api": "portal.api.app",
    "mail worker": "portal.workers.send_mail",
    "case events": "portal.workers.case_events",
    "upload checker": "portal.workers.check_upload",
    "recipients job": "portal.workers.recipients_job",
    "staff api": "portal.api.staff_app",
    "statements worker": "portal.workers.submit_statements",
}
IMPORT = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
PYCACHE = REPO / "build" / "bench-pycache"
ALL_BYTECODE = PYCACHE / "all"
STDLIB_BYTECODE = PYCACHE / "stdlib"
ENV = {
    **os.environ,
    "AWS_DEFAULT_REGION": "eu-west-3",
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "POWERTOOLS_METRICS_DISABLED": "1",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
    # Timed runs never write bytecode; where they read it from is set per measurement.
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONPYCACHEPREFIX": str(ALL_BYTECODE),
}

FIRST_REQUEST = """
import moto, time, uuid
from moto import mock_aws
with mock_aws():
    from portal.local import resources, template_values
    from portal.template import load_template
    template = load_template(); deployed = resources.create_resources(template)
    started = time.perf_counter()
    from portal.api import app
    from portal.bootstrap.api import bootstrap_api
    from portal.api.app import lambda_handler
    from portal.settings import ApiSettings
    imported = time.perf_counter()
    app.services = bootstrap_api(ApiSettings.from_environ(template_values.function_environment(template, "ApiFunction", deployed, overrides={"PORTAL_CHALLENGE": "off"})), origin_secret=lambda: None)
    from portal.api.notices import EXAMPLE
    from tests.events import FakeContext, http_event
    answer = lambda_handler(http_event("POST", "/api/v1/notices", {**EXAMPLE, "submission_id": str(uuid.uuid4())}), FakeContext())
    assert answer["statusCode"] == 201, answer
    print(imported - started, time.perf_counter() - imported)
"""


def run_python(code: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**ENV, **env},
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def cache_bytecode() -> None:
    """
    Every entry point's modules compiled once into build/bench-pycache/all/, and the
    standard library's part of them copied to build/bench-pycache/stdlib/.
    """
    modules = ", ".join(ENTRY_POINTS.values())
    run_python(f"import moto, {modules}", PYTHONDONTWRITEBYTECODE="")
    stdlib = Path(sysconfig.get_paths()["stdlib"]).relative_to("/")
    shutil.rmtree(STDLIB_BYTECODE, ignore_errors=True)
    shutil.copytree(ALL_BYTECODE / stdlib, STDLIB_BYTECODE / stdlib)


def cold_imports(runs: int) -> None:
    measurements = {
        "bytecode cached (as in an artifact with .pyc)": {},
        "no bytecode but the standard library's (every other module compiled)": {
            "PYTHONPYCACHEPREFIX": str(STDLIB_BYTECODE)
        },
    }
    for title, env in measurements.items():
        print(f"cold import, fresh interpreter, {title}, {runs} runs (ms):")
        for name, module in ENTRY_POINTS.items():
            times = [
                float(run_python(IMPORT.format(module=module), **env)) * 1000 for _ in range(runs)
            ]
            print(
                f"  {name:15} median {statistics.median(times):6.0f}"
                f"   min {min(times):6.0f}   max {max(times):6.0f}"
            )
        print()


def first_requests(runs: int) -> None:
    imports, requests = [], []
    for _ in range(runs):
        out = run_python(FIRST_REQUEST)
        imported, requested = (float(v) * 1000 for v in out.split())
        imports.append(imported)
        requests.append(requested)
    print(f"first request after a cold start, bytecode cached, under moto, {runs} runs (ms):")
    print(
        f"  first POST /api/v1/notices  median {statistics.median(requests):6.0f}   min {min(requests):6.0f}"
    )


def warm_requests(count: int) -> None:
    import moto  # noqa: F401 - before any boto3 client
    from moto import mock_aws

    os.environ.update({k: v for k, v in ENV.items() if k.startswith(("AWS_", "POWERTOOLS_"))})
    sys.path.insert(0, str(REPO))
    from tests.events import FakeContext, http_event

    # Powertools prints metrics it holds (even when disabled) every 100 values: not figures.
    warnings.filterwarnings("ignore", message="No application metrics to publish")
    with mock_aws(), contextlib.redirect_stdout(io.StringIO()):
        from portal.api import app
        from portal.api.app import lambda_handler
        from portal.api.notices import EXAMPLE
        from portal.bootstrap.api import bootstrap_api
        from portal.local import resources, template_values
        from portal.settings import ApiSettings
        from portal.template import load_template

        template = load_template()
        deployed = resources.create_resources(template)
        env = template_values.function_environment(
            template, "ApiFunction", deployed, overrides={"PORTAL_CHALLENGE": "off"}
        )
        # No CloudFront in front: no origin secret to read (the template names one).
        app.services = bootstrap_api(ApiSettings.from_environ(env), origin_secret=lambda: None)
        lambda_handler(
            http_event("POST", "/api/v1/notices", {**EXAMPLE, "submission_id": str(uuid.uuid4())}),
            FakeContext(),
        )
        times = []
        for _ in range(count):
            event = http_event(
                "POST", "/api/v1/notices", {**EXAMPLE, "submission_id": str(uuid.uuid4())}
            )
            started = time.perf_counter()
            answer = lambda_handler(event, FakeContext())
            times.append((time.perf_counter() - started) * 1000)
            assert answer["statusCode"] == 201
        invalid = []
        for _ in range(count):
            event = http_event("POST", "/api/v1/notices", {"submission_id": "x"})
            started = time.perf_counter()
            lambda_handler(event, FakeContext())
            invalid.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(f"\nwarm requests in process, under moto ({count} each, ms):")
    print(
        f"  POST /api/v1/notices, 201   median {statistics.median(times):6.1f}   p95 {times[int(0.95 * len(times))]:6.1f}"
    )
    print(f"  POST /api/v1/notices, 422   median {statistics.median(invalid):6.1f}")
    print("  (moto answers in process; against DynamoDB, add its latency, ~5-10 ms per call)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    cache_bytecode()
    cold_imports(args.runs)
    first_requests(max(3, args.runs // 2))
    warm_requests(args.requests)
    return 0


if __name__ == "__main__":
    sys.exit(main())
