"""
The embedded AWS of `make serve`: moto's server on a loopback port, with the template's
tables, queues and bucket, and this process's boto3 pointed at it. Its data lives as long
as the process.
"""

import functools
import os
import secrets
import socket
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from portal import template as templates
from portal.local import moto_transactions, resources, template_values

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

REGION = "eu-west-3"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class EmbeddedAws:
    endpoint: str
    template: dict[str, Any]
    deployed: template_values.Deployed
    parameters: dict[str, str]
    server: Any

    def environment(self, function: str, **overrides: str) -> dict[str, str]:
        return template_values.function_environment(
            self.template, function, self.deployed, self.parameters, overrides
        )

    def stop(self) -> None:
        self.server.stop()


class OneAtATime:
    """
    A WSGI app called one request at a time. moto's backends are not thread-safe: under
    concurrent API requests, a DynamoDB transaction deep-copied a table that another request
    was writing, and answered 500. Its calls take milliseconds; the handlers' own work runs
    at once in their execution environments (local/environments.py).
    """

    def __init__(self, app: "WSGIApplication") -> None:
        self.app = app
        self._lock = threading.Lock()

    def __call__(
        self, environ: "WSGIEnvironment", start_response: "StartResponse"
    ) -> Iterable[bytes]:
        with self._lock:
            return list(self.app(environ, start_response))


def _route_cheaply() -> None:
    """
    Before each call, moto's server listed its package folder (about 60 file checks) to find
    the service, and listed its response class's methods to find the action: a tenth of its
    time (benchmarks/serve_load.py). Neither changes while it runs, so each is read once.
    """
    from moto import backends
    from moto.core import responses, utils

    modules = tuple(backends.list_of_moto_modules())
    methods = functools.cache(utils.method_names_from_class)
    setattr(backends, "list_of_moto_modules", lambda: modules)  # noqa: B010 - moto's name
    setattr(responses, "method_names_from_class", methods)  # noqa: B010 - moto's name


def _receive_cheaply() -> None:
    """
    moto's SQS checked each message it hands out against the queue's retention period by
    building every attribute of the queue, its message counts included: receiving a batch
    read the whole queue once per message, an eighth of moto's time under load. The check
    is the same, reading the one attribute.
    """
    from moto.core.utils import unix_time
    from moto.sqs.models import Message, SQSBackend

    def is_retained(backend: SQSBackend, queue_name: str, message: Message) -> bool:
        retention = int(backend.get_queue(queue_name).message_retention_period)
        return bool(retention + message.sent_timestamp / 1000 > unix_time())

    setattr(SQSBackend, "is_message_valid_based_on_retention_period", is_retained)  # noqa: B010


class MotoServer:
    """moto's server (as moto.server.ThreadedMotoServer), serving one request at a time."""

    def __init__(self, port: int) -> None:
        from moto.moto_server.werkzeug_app import (
            DomainDispatcherApplication,
            MotoRequestHandler,
            create_backend_app,
        )
        from werkzeug.serving import make_server

        class QuietRequestHandler(MotoRequestHandler):
            """Logs errors only: a line per AWS call (ten per submission) buried the
            portal's own request log, and writing them cost a twentieth of moto's time."""

            def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
                pass

        moto_transactions.install()
        _route_cheaply()
        _receive_cheaply()
        app = OneAtATime(DomainDispatcherApplication(create_backend_app))
        self._server = make_server(
            "127.0.0.1", port, app, threaded=True, request_handler=QuietRequestHandler
        )
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join()


def start(site_origin: str) -> EmbeddedAws:
    """Start moto on loopback, point boto3 at it, create the template's resources."""
    port = free_port()
    server = MotoServer(port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    os.environ.update(
        {
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "AWS_DEFAULT_REGION": REGION,
            "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
            "AWS_EC2_METADATA_DISABLED": "true",
            # TOTP codes checked at staff sign-in, as Cognito does (portal/local/staff_users.py).
            "MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP": "true",
        }
    )
    template = templates.load_template()
    parameters = {
        "SiteOrigin": site_origin,
        "Environment": "dev",
        # The local stand-in (local/transparency_db.py), never the Commission's database.
        "TransparencyDatabaseUrl": f"{site_origin}/_dev/transparency-db",
    }
    deployed = resources.create_resources(template, parameter_values=parameters, user_pools=True)
    return EmbeddedAws(
        endpoint, template, deployed, template_values.parameters(template, parameters), server
    )


def create_origin_secret(name: str, value: str | None = None) -> dict[str, str]:
    """CloudFront's origin secret (fresh per run unless given); returns the header the local
    gateway adds to every API request, as CloudFront does (portal.api.origin)."""
    import boto3

    from portal.api.origin import ORIGIN_HEADER

    value = value or secrets.token_hex(32)
    boto3.client("secretsmanager").create_secret(Name=name, SecretString=value)
    return {ORIGIN_HEADER: value}


def create_challenge_secret(name: str) -> None:
    """A fresh HMAC key per run, in the embedded Secrets Manager, under the template's name."""
    import boto3

    boto3.client("secretsmanager").create_secret(Name=name, SecretString=secrets.token_urlsafe(32))


def create_transparency_db_token(name: str, value: str | None = None) -> str:
    """The Transparency Database's API token (fresh per run unless given), in the embedded
    Secrets Manager under the template's name; the local stand-in accepts only it."""
    import boto3

    value = value or secrets.token_urlsafe(32)
    boto3.client("secretsmanager").create_secret(Name=name, SecretString=value)
    return value
