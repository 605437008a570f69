"""
`portal serve` (and `make serve`): the whole portal on one local port. The built site,
the API under /api/v1/ (the very Lambda handler, through a local API Gateway), the
workers polling the embedded AWS, and the development mailbox at /_dev/mail.
"""

import functools
import os
import signal
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from werkzeug.serving import run_simple

from portal.local.static import StaticSite
from portal.site.config import load_site_config

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

# API requests handled at once (issue 14: 16 senders, a median of at most 1 s per submission,
# measured by benchmarks/serve_load.py); more is more memory and more cold starts at launch.
# Tests that send one request at a time start fewer (PORTAL_API_ENVIRONMENTS).
API_ENVIRONMENTS = 4


class Portal:
    """
    Dispatches by path: the first of `routes` whose prefix the path starts with (the staff
    API, /_auth/, /staff/config.json), then /api/ to the API, /_dev/mail to the mailbox, the
    rest to the site. Every answer but the mailbox's carries the security headers CloudFront
    adds.
    """

    def __init__(
        self,
        site: "WSGIApplication",
        api: "WSGIApplication",
        mailbox: "WSGIApplication",
        headers: dict[str, str],
        routes: Sequence[tuple[str, "WSGIApplication"]] = (),
    ) -> None:
        self.site, self.api, self.mailbox, self.headers = site, api, mailbox, headers
        self.routes = routes

    def _app(self, path: str) -> "WSGIApplication":
        for prefix, app in self.routes:
            if path.startswith(prefix):
                return app
        return self.api if path.startswith("/api/") else self.site

    def __call__(
        self, environ: "WSGIEnvironment", start_response: "StartResponse"
    ) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_dev/mail"):
            return self.mailbox(environ, start_response)
        app = self._app(path)

        def with_headers(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            present = {name.lower() for name, _ in headers}
            extra = [(k, v) for k, v in self.headers.items() if k.lower() not in present]
            return start_response(status, headers + extra, exc_info)

        return app(environ, with_headers)


def build_portal(
    site_dir: Path, languages: list[str], origin: str
) -> tuple["WSGIApplication", object]:
    """Start the embedded AWS and the workers; returns the WSGI app and what to stop."""
    from portal.api.app import lambda_handler
    from portal.local import aws
    from portal.local.environments import ExecutionEnvironments
    from portal.local.gateway import ApiGateway
    from portal.local.handlers import start_api_environment, wire_handlers
    from portal.local.mailbox import DevMailbox
    from portal.local.pollers import Background, QueuePoller, Schedule, stream_poller
    from portal.local.transparency_db import TransparencyDatabase, TransparencyDatabaseApp
    from portal.workers import case_events, check_upload, send_mail, submit_statements, sweep_outbox
    from portal.workers import report_drafts as report_drafts_worker

    embedded = aws.start(origin)
    challenge = os.environ.get("PORTAL_CHALLENGE", "on")
    overrides = {"PORTAL_CHALLENGE": challenge}
    if "CHALLENGE_COST" in os.environ:  # tests: the same proof of work, cheaper to solve
        overrides["CHALLENGE_COST"] = os.environ["CHALLENGE_COST"]
    api_env = embedded.environment("ApiFunction", **overrides)
    aws.create_challenge_secret(embedded.parameters["ChallengeSecretName"])
    origin_headers = aws.create_origin_secret(api_env["ORIGIN_SECRET_NAME"])
    database = TransparencyDatabase(
        aws.create_transparency_db_token(embedded.parameters["TransparencyDatabaseTokenSecretName"])
    )
    wire_handlers(embedded.environment, api_env)
    workers = Background(
        [
            stream_poller(
                embedded.template,
                embedded.deployed,
                "CaseEventsFunction",
                case_events.lambda_handler,
            ),
            QueuePoller(embedded.deployed.refs["UploadsQueue"], check_upload.lambda_handler),
            QueuePoller(
                embedded.deployed.refs["MailQueue"], send_mail.lambda_handler, retry_after_seconds=5
            ),
            QueuePoller(
                embedded.deployed.refs["StatementsQueue"],
                submit_statements.lambda_handler,
                retry_after_seconds=5,
            ),
            Schedule(lambda: sweep_outbox.sweep(datetime.now(UTC)), every_seconds=60),
            # ReportDraftFinishFunction's schedule, sooner: moto's exports take a moment.
            Schedule(lambda: report_drafts_worker.finish(datetime.now(UTC)), every_seconds=5),
        ]
    )
    workers.start()
    # Requests run at once, each in its own environment, as on Lambda (local/environments.py).
    environments = ExecutionEnvironments(
        lambda_handler,
        functools.partial(start_api_environment, api_env),
        size=int(os.environ.get("PORTAL_API_ENVIRONMENTS", API_ENVIRONMENTS)),
    )
    environments.start()

    class Stopper:
        def stop(self) -> None:
            environments.stop()
            workers.stop()
            embedded.stop()

    from portal.local.template_values import security_headers

    headers = security_headers(embedded.template, uploads_origin=embedded.endpoint, https=False)
    gateway = ApiGateway(environments, origin_headers=origin_headers, one_at_a_time=False)

    def api(environ: "WSGIEnvironment", start_response: "StartResponse") -> Iterable[bytes]:
        try:
            return gateway(environ, start_response)
        finally:
            workers.wake()  # the request may have left work: a stream record, a message

    from portal.local.staff_console import staff_apps

    staff = staff_apps(embedded, origin_headers)
    app = Portal(StaticSite(site_dir, languages), api, DevMailbox(origin), headers, staff)
    # The Transparency Database's stand-in at /_dev/transparency-db, in front of the rest.
    return TransparencyDatabaseApp(database, app), Stopper()


def staff_banner(origin: str) -> str:
    """How to sign in to the staff console and API locally (the development users)."""
    from portal.local.staff_users import DEV_PASSWORD, DEV_TOTP_SECRET, DEV_USERS

    users = "\n".join(f"  {group:<15} {user}" for group, user in DEV_USERS.items())
    return (
        "Staff sign-in (development users, one per group):\n"
        f"{users}\n"
        f"  password {DEV_PASSWORD}, TOTP secret {DEV_TOTP_SECRET} (any authenticator app)\n"
        "  a bearer token for /api/v1/staff/: "
        f"portal dev staff-token --group legal --url {origin}\n"
    )


def stop_on_first_signal() -> None:
    """
    Ctrl-C, or SIGTERM (a test, a benchmark), stops the server as Ctrl-C does: the API's
    worker processes and the embedded AWS go with it. Any further signal while it stops is
    ignored: a second Ctrl-C, or the copy that `uv run` passes on of a signal it got too,
    would cut the stop short with a traceback. A SIGINT ignored from the start (a
    background job of a script) stays ignored.
    """

    def stop(signum: int, frame: object) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, stop)


def serve(config_file: Path, site_dir: Path, host: str, port: int) -> int:
    site = load_site_config(config_file)
    origin = f"http://{host}:{port}"
    app, running = build_portal(site_dir, list(site.languages), origin)
    challenge = os.environ.get("PORTAL_CHALLENGE", "on")
    print(
        f"\nPortal at {origin}/ (site, API under /api/v1/, mailbox at /_dev/mail,\n"
        f"Transparency Database stand-in at /_dev/transparency-db/statements)\n"
        f"Embedded AWS (moto) on loopback; its data lives as long as this process.\n"
        f"Proof-of-work challenge: {challenge} (PORTAL_CHALLENGE=off lets API clients post without it).\n"
        "Ctrl-C stops everything.\n",
        flush=True,
    )
    print(staff_banner(origin), flush=True)
    stop_on_first_signal()
    from portal.local.dev_aws import DevAws

    # `portal report transparency --local` finds the embedded AWS here (local/dev_aws.py).
    served = DevAws(app, os.environ["AWS_ENDPOINT_URL"], os.environ["AWS_DEFAULT_REGION"])
    try:
        run_simple(host, port, served, threaded=True)
    finally:
        running.stop()  # type: ignore[attr-defined]
    return 0
