"""
Staff sign-in under moto (issue 10): the pool, groups and client created from the template,
the development users signing in with a password and a TOTP code, the local JWT authorizer
in front of the staff routes (401 with the portal's error body, or the claims handed on as
HTTP API hands them), `portal dev staff-token` against a running `portal serve`, and the
deploy's /staff/config.json.
"""

import base64
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import Any

import boto3
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from moto.cognitoidp.responses import CognitoIdpJsonWebKeyResponse
from werkzeug.test import Client

from portal.api.error_body import staff_unauthenticated_payload
from portal.local import resources
from portal.local.gateway import ApiGateway
from portal.local.jwt_authorizer import JwtAuthorizer, authorized
from portal.local.staff_console import staff_authorizer, staff_route
from portal.local.staff_users import DEV_PASSWORD, DEV_USERS, create_dev_users, totp_code
from portal.local.template_values import Deployed
from portal.template import load_template

REGION = "eu-west-3"


class Stack:
    """The template's staff pool in moto, its development users, and the local authorizer."""

    def __init__(self) -> None:
        self.template = load_template()
        self.deployed: Deployed = resources.create_resources(self.template, user_pools=True)
        self.cognito = boto3.client("cognito-idp")
        self.pool_id = self.deployed.refs["StaffUserPool"]
        self.client_id = self.deployed.refs["StaffConsoleClient"]
        create_dev_users(self.cognito, self.pool_id, self.client_id)
        keys = KeySet.import_key_set(json.loads(CognitoIdpJsonWebKeyResponse.json_web_key))
        self.authorizer = staff_authorizer(self.template, self.deployed, REGION, keys)
        self.seen: list[dict[str, Any]] = []

    def sign_in(self, group: str, client_id: str | None = None) -> str:
        """The ID token of the group's development user, after the TOTP challenge."""
        client_id = client_id or self.client_id
        username = DEV_USERS[group]
        started = self.cognito.initiate_auth(
            ClientId=client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": DEV_PASSWORD},
        )
        assert started["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
        done = self.cognito.respond_to_auth_challenge(
            ClientId=client_id,
            ChallengeName="SOFTWARE_TOKEN_MFA",
            Session=started["Session"],
            ChallengeResponses={"USERNAME": username, "SOFTWARE_TOKEN_MFA_CODE": totp_code()},
        )
        token: str = done["AuthenticationResult"]["IdToken"]
        return token

    def record(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        """A staff handler stand-in: keeps the event, answers 200."""
        self.seen.append(event)
        return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": "{}"}

    def client(self, authorizer: JwtAuthorizer | None = None) -> Client:
        route_key, prefix = staff_route(self.template)
        handler = authorized(self.record, authorizer or self.authorizer, route_key, prefix)
        return Client(ApiGateway(handler))


@pytest.fixture
def stack(aws: None, monkeypatch: pytest.MonkeyPatch) -> Stack:
    monkeypatch.setenv("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true")
    return Stack()


def get(client: Client, token: str | None) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.get("/api/v1/staff/cases?status=received", headers=headers)
    return response.status_code, response.get_json()


def test_the_pool_requires_a_totp_code_of_every_development_user(stack: Stack) -> None:
    mfa = stack.cognito.get_user_pool_mfa_config(UserPoolId=stack.pool_id)
    groups = stack.cognito.list_groups(UserPoolId=stack.pool_id)["Groups"]
    started = stack.cognito.initiate_auth(
        ClientId=stack.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": DEV_USERS["legal"], "PASSWORD": DEV_PASSWORD},
    )

    with pytest.raises(stack.cognito.exceptions.CodeMismatchException):
        stack.cognito.respond_to_auth_challenge(
            ClientId=stack.client_id,
            ChallengeName="SOFTWARE_TOKEN_MFA",
            Session=started["Session"],
            ChallengeResponses={
                "USERNAME": DEV_USERS["legal"],
                "SOFTWARE_TOKEN_MFA_CODE": "000000",
            },
        )
    assert mfa["MfaConfiguration"] == "ON"
    assert mfa["SoftwareTokenMfaConfiguration"] == {"Enabled": True}
    assert {g["GroupName"] for g in groups} == {"legal", "product_safety"}
    for group, username in DEV_USERS.items():
        members = stack.cognito.list_users_in_group(UserPoolId=stack.pool_id, GroupName=group)
        emails = [
            a["Value"] for u in members["Users"] for a in u["Attributes"] if a["Name"] == "email"
        ]
        assert emails == [username]


def test_a_request_without_a_token_answers_401_with_the_usual_body(stack: Stack) -> None:
    status, body = get(stack.client(), None)

    assert (status, body) == (401, staff_unauthenticated_payload())
    assert body["error"]["code"] == "staff_unauthenticated"
    assert stack.seen == []


def test_a_token_signed_with_another_key_answers_401(stack: Stack) -> None:
    genuine = stack.sign_in("legal")
    claims = json.loads(base64.urlsafe_b64decode(genuine.split(".")[1] + "=="))
    forged = jwt.encode({"alg": "RS256", "kid": "dummy"}, claims, RSAKey.generate_key(2048))
    tampered = genuine.rsplit(".", 1)[0] + ".c2lnbmF0dXJl"

    answers = [get(stack.client(), token) for token in (forged, tampered, "not-a-jwt")]

    assert answers == [(401, staff_unauthenticated_payload())] * 3
    assert stack.seen == []


def test_an_expired_token_answers_401(stack: Stack) -> None:
    token = stack.sign_in("legal")
    later = JwtAuthorizer(
        stack.authorizer.issuer,
        stack.authorizer.audience,
        stack.authorizer.keys,
        clock=lambda: time.time() + 2 * 3600,  # moto's tokens last an hour
    )

    assert get(stack.client(later), token) == (401, staff_unauthenticated_payload())
    assert get(stack.client(), token)[0] == 200  # the same token, still valid now


def test_a_token_of_another_app_client_answers_401(stack: Stack) -> None:
    other = stack.cognito.create_user_pool_client(
        UserPoolId=stack.pool_id,
        ClientName="another-app",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"],
    )["UserPoolClient"]["ClientId"]
    token = stack.sign_in("legal", client_id=other)

    assert get(stack.client(), token) == (401, staff_unauthenticated_payload())
    assert stack.seen == []


@pytest.mark.parametrize("group", ["legal", "product_safety"])
def test_a_valid_token_reaches_the_handler_with_its_claims_as_http_api_gives_them(
    stack: Stack, group: str
) -> None:
    token = stack.sign_in(group)

    status, _ = get(stack.client(), token)

    [event] = stack.seen
    claims = event["requestContext"]["authorizer"]["jwt"]["claims"]
    assert status == 200
    assert claims["cognito:groups"] == f"[{group}]"
    assert claims["email"] == DEV_USERS[group]
    assert claims["aud"] == stack.client_id
    assert claims["token_use"] == "id"
    assert claims["exp"].isdigit()
    assert event["routeKey"] == "ANY /api/v1/staff/{proxy+}"
    assert event["pathParameters"] == {"proxy": "cases"}
    assert event["queryStringParameters"] == {"status": "received"}


def test_the_deploy_writes_the_console_configuration_from_the_stacks_outputs(aws: None) -> None:
    from portal.cli.deploy import publish_staff_config

    cloudformation = boto3.client("cloudformation")
    s3 = boto3.client("s3")
    template = {
        "Resources": {"SiteBucket": {"Type": "AWS::S3::Bucket"}},
        "Outputs": {
            "SiteBucketName": {"Value": {"Ref": "SiteBucket"}},
            "StaffUserPoolId": {"Value": "eu-west-3_Pool123"},
            "StaffConsoleClientId": {"Value": "client123"},
        },
    }
    cloudformation.create_stack(StackName="legal-portal-test", TemplateBody=json.dumps(template))
    bucket = s3.list_buckets()["Buckets"][0]["Name"]

    publish_staff_config(cloudformation, s3, "legal-portal-test")

    stored = s3.get_object(Bucket=bucket, Key="staff/config.json")
    assert json.loads(stored["Body"].read()) == {
        "auth_path": "/_auth/",
        "client_id": "client123",
        "region": REGION,
        "user_pool_id": "eu-west-3_Pool123",
    }
    assert stored["ContentType"] == "application/json"


# --- `portal dev staff-token` against `portal serve` -------------------------------------


def staff_token(*options: str) -> subprocess.CompletedProcess[str]:
    """`portal dev staff-token` with these options, in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "portal.cli", "dev", "staff-token", *options],
        capture_output=True,
        text=True,
        check=False,
    )


def staff_get(url: str, token: str | None) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    request = urllib.request.Request(f"{url}/api/v1/staff/cases", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=15) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_staff_token_prints_a_token_the_served_staff_route_accepts(portal_url: str) -> None:
    printed = staff_token("--group", "product_safety", "--url", portal_url)
    token = printed.stdout.strip()
    claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))

    with_token, without = staff_get(portal_url, token), staff_get(portal_url, None)

    assert printed.returncode == 0, printed.stderr
    assert claims["cognito:groups"] == ["product_safety"]
    assert claims["email"] == DEV_USERS["product_safety"]
    # Through the authorizer to the staff API, which read the member's team from the claims:
    # the run's shared portal holds other tests' cases, and lists only this team's received
    # notices (the defaults).
    status, listed = with_token
    assert status == 200, listed
    assert set(listed) == {"cases", "next_cursor"}
    assert {(case["routing"], case["kind"], case["status"]) for case in listed["cases"]} <= {
        ("product_safety", "notice", "received")
    }
    assert without == (401, staff_unauthenticated_payload())


def test_the_served_console_configuration_names_the_embedded_pool(portal_url: str) -> None:
    with urllib.request.urlopen(f"{portal_url}/staff/config.json", timeout=5) as answer:
        config = json.load(answer)
    wrong = urllib.request.Request(
        f"{portal_url}{config['auth_path']}",
        data=json.dumps(
            {
                "AuthFlow": "USER_PASSWORD_AUTH",
                "ClientId": config["client_id"],
                "AuthParameters": {"USERNAME": DEV_USERS["legal"], "PASSWORD": "wrong-Password-1"},
            }
        ).encode(),
        headers={
            "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth",
            "Content-Type": "application/x-amz-json-1.1",
        },
    )

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(wrong, timeout=5)

    assert set(config) == {"auth_path", "client_id", "region", "user_pool_id"}
    assert config["auth_path"] == "/_auth/"
    assert config["user_pool_id"].startswith(f"{config['region']}_")
    assert refused.value.code == 400
    assert json.load(refused.value)["__type"] == "NotAuthorizedException"


def test_staff_token_says_what_failed_when_no_portal_answers() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    printed = staff_token("--url", f"http://127.0.0.1:{port}")

    assert printed.returncode == 1
    assert printed.stdout == ""
    assert "is `make serve` running" in printed.stderr
