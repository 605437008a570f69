"""
A staff member's sign-in through the portal's own /_auth/ (Cognito's JSON API, forwarded by
CloudFront in AWS and by `make serve` locally), as the staff console does it; `portal dev
staff-token` uses it with a development user.

The sequence, the same in AWS and under `make serve` (moto 5.2):

1. GET /staff/config.json: `{"auth_path": "/_auth/", "client_id", "region", "user_pool_id"}`.
2. POST {auth_path} with `X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth`,
   `Content-Type: application/x-amz-json-1.1`, body `{"AuthFlow": "USER_PASSWORD_AUTH",
   "ClientId", "AuthParameters": {"USERNAME": e-mail, "PASSWORD"}}`. The answer names a
   challenge, with a `Session` to send back:
   - `SOFTWARE_TOKEN_MFA` (every user with a TOTP app, the development users included):
     `RespondToAuthChallenge` `{"ChallengeName": "SOFTWARE_TOKEN_MFA", "ClientId", "Session",
     "ChallengeResponses": {"USERNAME", "SOFTWARE_TOKEN_MFA_CODE": 6 digits}}`;
   - at a new account's first sign-in only (created with a temporary password):
     `NEW_PASSWORD_REQUIRED`: `RespondToAuthChallenge` with `{"USERNAME", "NEW_PASSWORD"}`;
     then `MFA_SETUP`: `AssociateSoftwareToken` `{"Session"}` gives `SecretCode` (show it and
     `otpauth://totp/<label>?secret=<SecretCode>&issuer=<name>`), `VerifySoftwareToken`
     `{"Session", "UserCode"}` gives `{"Status": "SUCCESS", "Session"}`, and
     `RespondToAuthChallenge` `{"ChallengeName": "MFA_SETUP", "Session", "ChallengeResponses":
     {"USERNAME"}}` signs in. (moto skips MFA_SETUP for a confirmed user without TOTP: it
     signs such a user straight in; AWS never does with MFA required.)
3. The last answer carries `AuthenticationResult`: `IdToken` (the bearer token of
   /api/v1/staff/: its `aud` is the client, it has `email` and `cognito:groups`),
   `AccessToken`, `RefreshToken`, `ExpiresIn` (seconds; 15 minutes in AWS). Renew with
   `InitiateAuth` `{"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId", "AuthParameters":
   {"REFRESH_TOKEN"}}` (no challenge; no new refresh token), for 10 hours in AWS.

Errors answer 400 with `{"__type": "NotAuthorizedException" | "CodeMismatchException" |
..., "message"}`; a wrong password or a wrong user are the same NotAuthorizedException.
"""

import json
import urllib.error
import urllib.request
from typing import Any

from portal.local.staff_users import DEV_TOTP_SECRET, totp_code

TARGET = "AWSCognitoIdentityProviderService."
CONTENT_TYPE = "application/x-amz-json-1.1"


class SignInError(RuntimeError):
    """Signing in failed: the portal is not there, or Cognito refused (its error's type)."""


def _read(request: urllib.request.Request) -> Any:
    try:
        with urllib.request.urlopen(request, timeout=15) as answer:  # noqa: S310
            return json.load(answer)
    except urllib.error.HTTPError as error:
        detail = error.read().decode(errors="replace")
        raise SignInError(f"{request.full_url} answered {error.code}: {detail}") from error
    except OSError as error:
        raise SignInError(f"{request.full_url}: {error}") from error


def console_config(url: str) -> dict[str, str]:
    """The portal's /staff/config.json."""
    config: dict[str, str] = _read(urllib.request.Request(f"{url}/staff/config.json"))  # noqa: S310
    return config


def cognito(url: str, config: dict[str, str], operation: str, body: dict[str, Any]) -> Any:
    """One call of Cognito's JSON API through the portal's auth path."""
    request = urllib.request.Request(  # noqa: S310 - the portal's own address
        f"{url}{config['auth_path']}",
        data=json.dumps(body).encode(),
        headers={"X-Amz-Target": TARGET + operation, "Content-Type": CONTENT_TYPE},
        method="POST",
    )
    return _read(request)


def sign_in(
    url: str, username: str, password: str, totp_secret: str = DEV_TOTP_SECRET
) -> dict[str, Any]:
    """
    Signs in a user whose TOTP app is registered (step 2's SOFTWARE_TOKEN_MFA), with a code
    computed from `totp_secret`; returns Cognito's AuthenticationResult.
    """
    config = console_config(url)
    answer = cognito(
        url,
        config,
        "InitiateAuth",
        {
            "AuthFlow": "USER_PASSWORD_AUTH",
            "ClientId": config["client_id"],
            "AuthParameters": {"USERNAME": username, "PASSWORD": password},
        },
    )
    if answer.get("ChallengeName") == "SOFTWARE_TOKEN_MFA":
        answer = cognito(
            url,
            config,
            "RespondToAuthChallenge",
            {
                "ChallengeName": "SOFTWARE_TOKEN_MFA",
                "ClientId": config["client_id"],
                "Session": answer["Session"],
                "ChallengeResponses": {
                    "USERNAME": username,
                    "SOFTWARE_TOKEN_MFA_CODE": totp_code(totp_secret),
                },
            },
        )
    if "AuthenticationResult" not in answer:
        raise SignInError(
            f"unexpected challenge {answer.get('ChallengeName')!r}: sign in once in the console"
        )
    result: dict[str, Any] = answer["AuthenticationResult"]
    return result
