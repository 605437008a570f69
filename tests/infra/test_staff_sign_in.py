"""
Staff sign-in in the template (issue 10): the Cognito pool (MFA required, no self sign-up,
the two groups), the JWT authorizer on the staff routes only, CloudFront's 401 with the
portal's error body (StaffTokenFunction, run in Node) and its /_auth/ path to Cognito, and
the staff API function's least privilege.
"""

import base64
import json
import re
import time
from typing import Any

import pytest

from tests.infra.conftest import resources
from tests.infra.test_edge_function import run
from tests.infra.test_template import props

STAFF_PATH = "/api/v1/staff/{proxy+}"


def behavior(translated: dict[str, Any], pattern: str) -> dict[str, Any]:
    config = props(translated, "Distribution")["DistributionConfig"]
    [found] = [b for b in config["CacheBehaviors"] if b["PathPattern"] == pattern]
    return dict(found)


def test_staff_sign_in_requires_mfa_and_an_account_made_by_an_administrator(
    translated: dict[str, Any],
) -> None:
    pool = props(translated, "StaffUserPool")
    password = pool["Policies"]["PasswordPolicy"]

    assert pool["MfaConfiguration"] == "ON"
    assert pool["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    assert pool["DeletionProtection"] == "ACTIVE"
    assert translated["Resources"]["StaffUserPool"]["DeletionPolicy"] == "Retain"
    assert password["MinimumLength"] >= 12
    assert all(
        password[f"Require{kind}"] for kind in ("Lowercase", "Uppercase", "Numbers", "Symbols")
    )


def test_the_pool_has_the_legal_and_product_safety_groups(translated: dict[str, Any]) -> None:
    groups = resources(translated, "AWS::Cognito::UserPoolGroup").values()

    assert {g["Properties"]["GroupName"] for g in groups} == {"legal", "product_safety"}
    assert all(g["Properties"]["UserPoolId"] == {"Ref": "StaffUserPool"} for g in groups)


def test_the_console_client_is_public_with_short_lived_tokens(translated: dict[str, Any]) -> None:
    client = props(translated, "StaffConsoleClient")
    units = client["TokenValidityUnits"]

    assert client["GenerateSecret"] is False
    assert "ALLOW_USER_PASSWORD_AUTH" in client["ExplicitAuthFlows"]
    assert client["PreventUserExistenceErrors"] == "ENABLED"
    assert (units["IdToken"], client["IdTokenValidity"]) == ("minutes", 15)
    assert (units["AccessToken"], client["AccessTokenValidity"]) == ("minutes", 15)
    assert units["RefreshToken"] == "hours" and client["RefreshTokenValidity"] <= 12


def test_only_the_staff_route_is_behind_the_pools_jwt_authorizer(
    translated: dict[str, Any],
) -> None:
    body = props(translated, "HttpApi")["Body"]
    scheme = body["components"]["securitySchemes"]["StaffJwt"]["x-amazon-apigateway-authorizer"]
    guarded = {
        path
        for path, operations in body["paths"].items()
        for operation in operations.values()
        if operation.get("security")
    }
    [staff] = body["paths"][STAFF_PATH].values()

    assert scheme["type"] == "jwt"
    assert scheme["identitySource"] == "$request.header.Authorization"
    assert scheme["jwtConfiguration"] == {
        "issuer": {"Fn::Sub": "https://cognito-idp.${AWS::Region}.amazonaws.com/${StaffUserPool}"},
        "audience": [{"Ref": "StaffConsoleClient"}],
    }
    assert guarded == {STAFF_PATH}
    assert staff["security"] == [{"StaffJwt": []}]
    assert "StaffApiFunction.Arn" in staff["x-amazon-apigateway-integration"]["uri"]["Fn::Sub"]
    assert "/api/v1/notices" in body["paths"] and "/api/v1/{proxy+}" in body["paths"]


def test_the_staff_api_may_read_and_write_cases_and_only_read_attachments(
    translated: dict[str, Any],
) -> None:
    function = props(translated, "StaffApiFunction")
    statements = [
        statement
        for policy in props(translated, "StaffApiFunctionRole")["Policies"]
        for statement in policy["PolicyDocument"]["Statement"]
    ]
    actions = {
        action
        for s in statements
        for action in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
    }
    s3 = [s for s in statements if "s3:GetObject" in json.dumps(s["Action"])]

    assert function["Handler"] == "portal.api.staff_app.lambda_handler"
    assert set(function["Environment"]["Variables"]) == {
        "CASES_TABLE",
        "ATTACHMENTS_BUCKET",
        "ORIGIN_SECRET_NAME",
        "SITE_URL",
        "EXPORTS_BUCKET",  # report drafts: the export a draft is counted from
        "DRAFTS_BUCKET",
    }
    assert {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"} <= actions
    assert not [a for a in actions if a.startswith(("ses:", "sqs:"))]
    attachments = [s for s in s3 if "AttachmentsBucket" in json.dumps(s["Resource"])]
    assert [(s["Action"], s["Resource"]) for s in attachments] == [
        (
            "s3:GetObject",
            [
                {"Fn::Sub": f"${{AttachmentsBucket.Arn}}/{prefix}/*"}
                for prefix in ("accepted", "quarantine", "incoming")
            ],
        )
    ]
    writes = [s for s in statements if "s3:PutObject" in json.dumps(s["Action"])]
    # Only report drafts are written (and the export it asks DynamoDB for), never attachments.
    assert {json.dumps(s["Resource"]) for s in writes} == {
        json.dumps({"Fn::Sub": "${ReportDraftsBucket.Arn}/exports/*"}),
        json.dumps({"Fn::Sub": "${ReportDraftsBucket.Arn}/drafts/*"}),
    }
    assert "s3:DeleteObject" not in actions
    assert "SnapStart" not in function


ISSUER = "https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_pool"
AUDIENCE = "console-client"


@pytest.fixture(scope="module")
def token_function(sam: dict[str, Any]) -> str:
    """StaffTokenFunction's code with the pool and client a stack would give it."""
    code = sam["Resources"]["StaffTokenFunction"]["Properties"]["FunctionCode"]["Fn::Sub"]
    values = {
        "AWS::Region": "eu-west-3",
        "StaffUserPool": "eu-west-3_pool",
        "StaffConsoleClient": AUDIENCE,
    }
    return re.sub(r"\$\{([^}]+)\}", lambda match: values[match.group(1)], code)


def unsigned(claims: dict[str, Any]) -> str:
    """A JWT with these claims and a signature nobody checks (CloudFront cannot)."""

    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    return f"{part({'alg': 'RS256', 'kid': 'k'})}.{part(claims)}.c2lnbmF0dXJl"


def staff_request(authorization: str | None) -> dict[str, Any]:
    headers = {"authorization": {"value": authorization}} if authorization else {}
    return {"method": "GET", "uri": "/api/v1/staff/cases", "headers": headers, "querystring": {}}


def test_the_staff_routes_answer_401_with_the_portals_error_body_before_the_authorizer(
    translated: dict[str, Any], token_function: str
) -> None:
    from portal.api.error_body import staff_unauthenticated_payload

    valid = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "exp": time.time() + 600,
        "email": "a@b.example",
        "cognito:groups": ["legal"],
    }
    refused = run(
        token_function,
        [
            staff_request(None),
            staff_request("Bearer not-a-jwt"),
            staff_request("Bearer " + unsigned({**valid, "exp": time.time() - 1})),
            staff_request("Bearer " + unsigned({**valid, "aud": "another-client"})),
            staff_request("Bearer " + unsigned({**valid, "iss": "https://elsewhere.example"})),
        ],
    )
    [passed] = run(token_function, [staff_request("Bearer " + unsigned(valid))])
    staff = behavior(translated, "/api/v1/staff/*")
    config = props(translated, "Distribution")["DistributionConfig"]
    patterns = [b["PathPattern"] for b in config["CacheBehaviors"]]

    for answer in refused:
        assert answer["statusCode"] == 401
        assert answer["headers"]["content-type"]["value"] == "application/json"
        assert json.loads(answer["body"]["data"]) == staff_unauthenticated_payload()
    assert (
        passed["uri"] == "/api/v1/staff/cases"
    )  # on to the authorizer, which checks the signature
    assert staff["TargetOriginId"] == "api"
    assert staff["FunctionAssociations"] == [
        {
            "EventType": "viewer-request",
            "FunctionARN": {"Fn::GetAtt": ["StaffTokenFunction", "FunctionMetadata.FunctionARN"]},
        }
    ]
    assert patterns.index("/api/v1/staff/*") < patterns.index("/api/*")  # the first match wins


def test_the_staff_routes_forward_the_bearer_token_to_the_authorizer(
    translated: dict[str, Any],
) -> None:
    staff = behavior(translated, "/api/v1/staff/*")
    api = behavior(translated, "/api/*")

    # CachingDisabled with AllViewerExceptHostHeader: Authorization reaches the origin.
    assert staff["CachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    assert staff["OriginRequestPolicyId"] == "b689b0a8-53d0-40ab-baf2-68738e2966ac"
    assert {k: v for k, v in staff.items() if k not in ("PathPattern", "FunctionAssociations")} == {
        k: v for k, v in api.items() if k != "PathPattern"
    }


def test_auth_goes_uncached_to_cognito_with_the_headers_its_json_api_reads(
    translated: dict[str, Any],
) -> None:
    auth = behavior(translated, "/_auth/*")
    config = props(translated, "Distribution")["DistributionConfig"]
    [origin] = [o for o in config["Origins"] if o["Id"] == auth["TargetOriginId"]]
    policy = props(translated, "CognitoOriginRequestPolicy")["OriginRequestPolicyConfig"]
    [association] = auth["FunctionAssociations"]

    assert origin["DomainName"] == {"Fn::Sub": "cognito-idp.${AWS::Region}.amazonaws.com"}
    assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    assert auth["CachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # CachingDisabled
    assert "POST" in auth["AllowedMethods"]
    assert {"X-Amz-Target", "Content-Type"} <= set(policy["HeadersConfig"]["Headers"])
    assert policy["CookiesConfig"]["CookieBehavior"] == "none"
    assert auth["ResponseHeadersPolicyId"] == {"Ref": "SecurityHeadersPolicy"}
    assert association == {
        "EventType": "viewer-request",
        "FunctionARN": {"Fn::GetAtt": ["AuthPathFunction", "FunctionMetadata.FunctionARN"]},
    }


def test_sign_in_is_same_origin_under_the_content_security_policy(
    translated: dict[str, Any],
) -> None:
    headers = props(translated, "SecurityHeadersPolicy")["ResponseHeadersPolicyConfig"]
    policy = json.dumps(headers["SecurityHeadersConfig"]["ContentSecurityPolicy"])

    assert "connect-src 'self'" in policy
    assert "cognito" not in policy  # no third-party request: /_auth/ is the portal's own


def test_the_auth_path_reaches_cognitos_root(sam: dict[str, Any]) -> None:
    code = str(sam["Resources"]["AuthPathFunction"]["Properties"]["FunctionCode"])
    request = {"method": "POST", "uri": "/_auth/", "headers": {}, "querystring": {}}

    [forwarded, deeper] = run(code, [request, {**request, "uri": "/_auth/x"}])

    assert forwarded["uri"] == deeper["uri"] == "/"
    assert forwarded["method"] == "POST"


def test_the_stack_outputs_what_the_console_configuration_needs(sam: dict[str, Any]) -> None:
    from portal.cli.deploy import staff_config

    outputs = sam["Outputs"]

    assert outputs["StaffUserPoolId"]["Value"] == {"Ref": "StaffUserPool"}
    assert outputs["StaffConsoleClientId"]["Value"] == {"Ref": "StaffConsoleClient"}
    assert "SiteBucketName" in outputs
    assert staff_config(
        {"StaffUserPoolId": "eu-west-3_abc", "StaffConsoleClientId": "client"}, "eu-west-3"
    ) == {
        "auth_path": "/_auth/",
        "client_id": "client",
        "region": "eu-west-3",
        "user_pool_id": "eu-west-3_abc",
    }


def test_a_token_in_no_staff_team_answers_403_with_the_portals_error_body_at_the_edge(
    token_function: str,
) -> None:
    from portal.api.error_body import staff_forbidden_payload

    claims = {"iss": ISSUER, "aud": AUDIENCE, "exp": time.time() + 600, "email": "a@b.example"}
    answers = run(
        token_function,
        [
            staff_request("Bearer " + unsigned(claims)),
            staff_request("Bearer " + unsigned({**claims, "cognito:groups": ["admins"]})),
            staff_request("Bearer " + unsigned({**claims, "cognito:groups": ["product_safety"]})),
        ],
    )

    for answer in answers[:2]:
        assert answer["statusCode"] == 403
        assert json.loads(answer["body"]["data"]) == staff_forbidden_payload()
    assert answers[2]["uri"] == "/api/v1/staff/cases"  # a team member goes on
