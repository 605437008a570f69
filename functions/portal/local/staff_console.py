"""
What the staff console reaches besides the staff API, for `make serve`: its configuration
at /staff/config.json, and Cognito's JSON API at /_auth/ (the embedded one), both on the
portal's own origin as CloudFront serves them in AWS (infra/template.yaml, `/_auth/*`).
Also the staff routes' JWT authorizer, configured from the template.
"""

import json
import urllib.error
import urllib.request
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from joserfc.jwk import KeySet
from werkzeug.wrappers import Request, Response

from portal.local.gateway import ApiGateway
from portal.local.jwt_authorizer import JwtAuthorizer, authorized
from portal.local.template_values import Deployed, resolve

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

    from portal.local.aws import EmbeddedAws

AUTH_PATH = "/_auth/"
CONFIG_PATH = "/staff/config.json"


def console_config(deployed: Deployed, region: str) -> dict[str, str]:
    """/staff/config.json; `portal staff-config` writes the same keys in AWS."""
    return {
        "auth_path": AUTH_PATH,
        "client_id": deployed.refs["StaffConsoleClient"],
        "region": region,
        "user_pool_id": deployed.refs["StaffUserPool"],
    }


def _cognito_request(
    endpoint: str, region: str, path: str, data: bytes | None = None, **headers: str
) -> urllib.request.Request:
    # moto's server picks the service and region from the Host header, as AWS's DNS would.
    headers["Host"] = f"cognito-idp.{region}.amazonaws.com"
    return urllib.request.Request(f"{endpoint}{path}", data=data, headers=headers)  # noqa: S310


class ConfigFile:
    """Serves /staff/config.json, never cached (a new `make serve` has a new pool)."""

    def __init__(self, config: dict[str, str]) -> None:
        self.body = json.dumps(config)

    def __call__(
        self, environ: "WSGIEnvironment", start_response: "StartResponse"
    ) -> Iterable[bytes]:
        response = Response(self.body, mimetype="application/json")
        response.headers["Cache-Control"] = "no-store"
        return response(environ, start_response)


def forwarded_headers(template: dict[str, Any]) -> tuple[str, ...]:
    """The headers CloudFront forwards to Cognito (CognitoOriginRequestPolicy)."""
    policy = template["Resources"]["CognitoOriginRequestPolicy"]["Properties"]
    return tuple(policy["OriginRequestPolicyConfig"]["HeadersConfig"]["Headers"])


class CognitoProxy:
    """
    /_auth/ forwarded to the embedded Cognito's root (as AuthPathFunction does), with the
    headers CloudFront forwards and nothing else.
    """

    def __init__(self, endpoint: str, region: str, headers: tuple[str, ...]) -> None:
        self.endpoint, self.region, self.forwarded = endpoint, region, headers

    def __call__(
        self, environ: "WSGIEnvironment", start_response: "StartResponse"
    ) -> Iterable[bytes]:
        request = Request(environ)
        headers = {
            name: request.headers[name] for name in self.forwarded if name in request.headers
        }
        forwarded = _cognito_request(
            self.endpoint, self.region, "/", data=request.get_data(), **headers
        )
        forwarded.method = request.method
        try:
            with urllib.request.urlopen(forwarded, timeout=15) as answer:  # noqa: S310
                status, body, content_type = answer.status, answer.read(), answer.headers
        except urllib.error.HTTPError as error:  # Cognito's 400s: the console reads them
            status, body, content_type = error.code, error.read(), error.headers
        response = Response(body, status=status)
        response.headers["Content-Type"] = content_type.get(
            "Content-Type", "application/x-amz-json-1.1"
        )
        response.headers["Cache-Control"] = "no-store"
        return response(environ, start_response)


def pool_keys(endpoint: str, region: str, pool_id: str) -> KeySet:
    """The pool's signing keys, from its JWKS, where HTTP API reads them."""
    jwks = _cognito_request(endpoint, region, f"/{pool_id}/.well-known/jwks.json")
    with urllib.request.urlopen(jwks, timeout=15) as answer:  # noqa: S310
        keys: Any = json.load(answer)
    return KeySet.import_key_set(keys)


def staff_authorizer(
    template: dict[str, Any], deployed: Deployed, region: str, keys: KeySet
) -> JwtAuthorizer:
    """HttpApi's StaffJwt authorizer as the template configures it, with the pool's keys."""
    authorizers = template["Resources"]["HttpApi"]["Properties"]["Auth"]["Authorizers"]
    config = authorizers["StaffJwt"]["JwtConfiguration"]
    pseudo = {"AWS::Region": region}
    issuer = resolve(config["issuer"], deployed, pseudo)
    audience = tuple(resolve(value, deployed, pseudo) for value in config["audience"])
    return JwtAuthorizer(issuer=issuer, audience=audience, keys=keys)


def staff_route(template: dict[str, Any]) -> tuple[str, str]:
    """StaffApiFunction's route key (`ANY /api/v1/staff/{proxy+}`) and the path before `{proxy+}`."""
    [event] = template["Resources"]["StaffApiFunction"]["Properties"]["Events"].values()
    path, method = event["Properties"]["Path"], event["Properties"]["Method"]
    return f"{method} {path}", path.removesuffix("{proxy+}")


def staff_apps(
    embedded: "EmbeddedAws", origin_headers: dict[str, str]
) -> list[tuple[str, "WSGIApplication"]]:
    """
    The development users, then what `make serve` answers for the staff console, by path
    prefix: the staff API behind the JWT authorizer, /_auth/ and /staff/config.json.
    """
    import boto3

    from portal.api import staff_app
    from portal.local.staff_users import create_dev_users

    region = boto3.client("cognito-idp").meta.region_name
    pool_id = embedded.deployed.refs["StaffUserPool"]
    client_id = embedded.deployed.refs["StaffConsoleClient"]
    create_dev_users(boto3.client("cognito-idp"), pool_id, client_id)
    keys = pool_keys(embedded.endpoint, region, pool_id)
    authorizer = staff_authorizer(embedded.template, embedded.deployed, region, keys)
    route_key, prefix = staff_route(embedded.template)
    # In this process, one request at a time (Powertools' resolver is not thread-safe),
    # wired by portal.local.handlers.wire_handlers with StaffApiFunction's environment.
    handler = authorized(staff_app.lambda_handler, authorizer, route_key, prefix)
    return [
        (prefix, ApiGateway(handler, origin_headers=origin_headers)),
        (AUTH_PATH, CognitoProxy(embedded.endpoint, region, forwarded_headers(embedded.template))),
        (CONFIG_PATH, ConfigFile(console_config(embedded.deployed, region))),
    ]
