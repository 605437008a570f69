"""
`make serve`'s stand-in for HTTP API's JWT authorizer, without AWS: which tokens pass, and
the claims as HTTP API hands them to the handler.
"""

from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from portal.local.jwt_authorizer import JwtAuthorizer, http_api_claims

ISSUER = "https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_unit"
NOW = 1_800_000_000.0


@pytest.fixture(scope="module")
def key() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": "unit"})


def token(key: RSAKey, **claims: Any) -> str:
    body = {"iss": ISSUER, "aud": "console", "exp": NOW + 60, "iat": NOW - 1, **claims}
    return jwt.encode({"alg": "RS256", "kid": "unit"}, body, key)


def authorizer(key: RSAKey) -> JwtAuthorizer:
    return JwtAuthorizer(ISSUER, ("console",), KeySet([key]), clock=lambda: NOW)


def test_a_token_passes_with_or_without_its_bearer_scheme(key: RSAKey) -> None:
    value = token(key, email="a@staff.local")

    answers = [
        authorizer(key).claims(header) for header in (f"Bearer {value}", f"bearer {value}", value)
    ]

    assert [claims and claims["email"] for claims in answers] == ["a@staff.local"] * 3


@pytest.mark.parametrize(
    "claims",
    [
        {"exp": NOW},  # expires now
        {"exp": "later"},
        {"nbf": NOW + 30},  # not valid yet
        {"iat": NOW + 30},  # issued in the future
        {"iss": "https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_other"},
        {"aud": "another-client"},
    ],
)
def test_a_token_the_authorizer_refuses_gives_no_claims(
    key: RSAKey, claims: dict[str, Any]
) -> None:
    assert authorizer(key).claims(f"Bearer {token(key, **claims)}") is None


def test_an_access_token_names_its_client_in_client_id(key: RSAKey) -> None:
    access = jwt.encode(
        {"alg": "RS256", "kid": "unit"},
        {"iss": ISSUER, "client_id": "console", "exp": NOW + 60, "token_use": "access"},
        key,
    )

    assert authorizer(key).claims(access) is not None


def test_no_header_or_no_jwt_gives_no_claims(key: RSAKey) -> None:
    assert authorizer(key).claims(None) is None
    assert authorizer(key).claims("") is None
    assert authorizer(key).claims("Basic dXNlcjpwYXNz") is None


def test_claims_reach_the_handler_as_strings_with_arrays_flattened() -> None:
    claims = {
        "cognito:groups": ["legal", "product_safety"],
        "email_verified": True,
        "exp": 1800000060,
        "email": "a@staff.local",
    }

    assert http_api_claims(claims) == {
        "cognito:groups": "[legal product_safety]",
        "email_verified": "true",
        "exp": "1800000060",
        "email": "a@staff.local",
    }
