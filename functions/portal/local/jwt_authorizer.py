"""
HTTP API's JWT authorizer, for `make serve`: the staff routes' bearer token is checked as
API Gateway checks it (signature against the issuer's JWKS, issuer, audience, expiry, not
before), before the handler is called. A token that fails answers 401 with the portal's
error body, as CloudFront serves it in AWS (infra/template.yaml, CustomErrorResponses); a
valid one reaches the handler with its claims in `requestContext.authorizer.jwt`, in HTTP
API's format: every value a string, arrays flattened to "[a b]".
"""

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from portal.api.error_body import staff_unauthenticated_payload

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


@dataclass
class JwtAuthorizer:
    """The authorizer's configuration (JwtConfiguration in the template) and the issuer's keys."""

    issuer: str
    audience: tuple[str, ...]
    keys: KeySet
    clock: Callable[[], float] = field(default=time.time)

    def claims(self, authorization: str | None) -> dict[str, Any] | None:
        """The token's claims when API Gateway would let it through, else None."""
        if not authorization:
            return None
        scheme, _, value = authorization.strip().partition(" ")
        token = value.strip() if scheme.lower() == "bearer" else authorization.strip()
        try:
            decoded = jwt.decode(token, self.keys, algorithms=["RS256"])
        except (JoseError, ValueError, TypeError):
            return None
        claims = dict(decoded.claims)
        now = self.clock()
        audience = claims.get("aud", claims.get("client_id"))
        audiences = audience if isinstance(audience, list) else [audience]
        if claims.get("iss") != self.issuer or not set(audiences) & set(self.audience):
            return None
        if not isinstance(claims.get("exp"), int | float) or claims["exp"] <= now:
            return None
        if any(
            isinstance(claims.get(name), int | float) and claims[name] > now
            for name in ("nbf", "iat")
        ):
            return None
        return claims


def http_api_claims(claims: dict[str, Any]) -> dict[str, str]:
    """Claims as HTTP API hands them on: strings, arrays as "[a b]", booleans in lowercase."""

    def flat(value: Any) -> str:
        if isinstance(value, list):
            return "[" + " ".join(flat(item) for item in value) + "]"
        if isinstance(value, bool):
            return "true" if value else "false"
        return value if isinstance(value, str) else json.dumps(value)

    return {name: flat(value) for name, value in claims.items()}


def unauthorized() -> dict[str, Any]:
    """The 401 a request without a valid token gets, before any handler runs."""
    return {
        "statusCode": 401,
        "headers": {"Content-Type": "application/json", "WWW-Authenticate": "Bearer"},
        "body": json.dumps(staff_unauthenticated_payload()),
    }


def authorized(handler: Handler, authorizer: JwtAuthorizer, route_key: str, prefix: str) -> Handler:
    """
    `handler` behind the authorizer, on the route `route_key` (`ANY /api/v1/staff/{proxy+}`)
    whose greedy path parameter follows `prefix`.
    """

    def call(event: dict[str, Any], context: Any) -> dict[str, Any]:
        claims = authorizer.claims(event.get("headers", {}).get("authorization"))
        if claims is None:
            return unauthorized()
        event["routeKey"] = event["requestContext"]["routeKey"] = route_key
        event["pathParameters"] = {"proxy": event["rawPath"][len(prefix) :]}
        event["requestContext"]["authorizer"] = {
            "jwt": {"claims": http_api_claims(claims), "scopes": None}
        }
        return handler(event, context)

    return call
