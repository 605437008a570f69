"""
The embedded AWS of `make serve`: moto's server on a loopback port, with the template's
tables, queues and bucket, and this process's boto3 pointed at it. Its data lives as long
as the process.
"""

import os
import secrets
import socket
from dataclasses import dataclass
from typing import Any

from portal.local import stack

REGION = "eu-west-3"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class EmbeddedAws:
    endpoint: str
    template: dict[str, Any]
    deployed: stack.Deployed
    parameters: dict[str, str]
    server: Any

    def environment(self, function: str, **overrides: str) -> dict[str, str]:
        return stack.function_environment(
            self.template, function, self.deployed, self.parameters, overrides
        )

    def stop(self) -> None:
        self.server.stop()


def start(site_origin: str) -> EmbeddedAws:
    """Start moto on loopback, point boto3 at it, create the template's resources."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
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
        }
    )
    template = stack.load_template()
    parameters = {"SiteOrigin": site_origin, "Environment": "dev"}
    deployed = stack.create_resources(template, parameter_values=parameters)
    return EmbeddedAws(endpoint, template, deployed, stack.parameters(template, parameters), server)


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
