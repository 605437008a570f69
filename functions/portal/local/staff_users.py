"""
The development staff users of `make serve`: one per group of the staff pool, each with a
known password and a TOTP app already registered, so that signing in (the console, `portal
dev staff-token`) runs the same challenge as in AWS: a password, then a TOTP code.

moto checks TOTP codes only when MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP is true (set by
portal.local.aws), and gives every user the same secret (its COGNITO_TOTP_MFA_SECRET):
DEV_TOTP_SECRET, which any authenticator app accepts too.
"""

import base64
import time
from typing import Any

from cryptography.hazmat.primitives.hashes import SHA1
from cryptography.hazmat.primitives.twofactor.totp import TOTP

# Development only, printed in the serve banner and the README: never an AWS user's.
DEV_USERS = {"legal": "legal@staff.local", "product_safety": "product-safety@staff.local"}
DEV_PASSWORD = "Staff-dev-password-1"  # noqa: S105 - a documented local password
DEV_TOTP_SECRET = "ASDFASDFASDF"  # noqa: S105 - moto's one TOTP secret, base32
TOTP_SECONDS = 30  # Cognito's TOTP: 6 digits, SHA-1, 30 s steps


def totp_code(secret: str = DEV_TOTP_SECRET, at: float | None = None) -> str:
    """The TOTP code an authenticator app shows for `secret` (base32) at `at` (now)."""
    padded = secret.upper() + "=" * (-len(secret) % 8)
    # RFC 6238 TOTP is HMAC-SHA-1 by definition (authenticator apps and Cognito use it).
    algorithm = SHA1()  # noqa: S303
    generator = TOTP(base64.b32decode(padded), 6, algorithm, TOTP_SECONDS, enforce_key_length=False)
    return generator.generate(int(time.time() if at is None else at)).decode()


def _register_totp(client: Any, client_id: str, username: str) -> None:
    """
    What a new staff member does at a first sign-in: register a TOTP app. AWS asks for it
    with an MFA_SETUP challenge; moto signs a user without one straight in, and the token
    then registers it: either way the app is verified with a code.
    """
    started = client.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": DEV_PASSWORD},
    )
    if "AuthenticationResult" in started:
        access = started["AuthenticationResult"]["AccessToken"]
        secret = client.associate_software_token(AccessToken=access)["SecretCode"]
        client.verify_software_token(AccessToken=access, UserCode=totp_code(secret))
    else:
        assert started["ChallengeName"] == "MFA_SETUP", started  # noqa: S101
        associated = client.associate_software_token(Session=started["Session"])
        secret = associated["SecretCode"]
        verified = client.verify_software_token(
            Session=associated.get("Session", started["Session"]), UserCode=totp_code(secret)
        )
        client.respond_to_auth_challenge(
            ClientId=client_id,
            ChallengeName="MFA_SETUP",
            Session=verified["Session"],
            ChallengeResponses={"USERNAME": username},
        )
    if secret.upper() != DEV_TOTP_SECRET:
        raise RuntimeError(f"moto's TOTP secret changed ({secret}): update DEV_TOTP_SECRET")


def create_dev_users(client: Any, pool_id: str, client_id: str) -> dict[str, str]:
    """
    One confirmed user per group, password DEV_PASSWORD, TOTP registered and preferred;
    returns each group's user name.
    """
    for group, username in DEV_USERS.items():
        client.admin_create_user(
            UserPoolId=pool_id,
            Username=username,
            UserAttributes=[
                {"Name": "email", "Value": username},
                {"Name": "email_verified", "Value": "true"},
            ],
            MessageAction="SUPPRESS",
        )
        client.admin_set_user_password(
            UserPoolId=pool_id, Username=username, Password=DEV_PASSWORD, Permanent=True
        )
        client.admin_add_user_to_group(UserPoolId=pool_id, Username=username, GroupName=group)
        _register_totp(client, client_id, username)
        client.admin_set_user_mfa_preference(
            UserPoolId=pool_id,
            Username=username,
            SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
        )
    return dict(DEV_USERS)
