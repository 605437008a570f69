"""
Pull-request previews: the workflow (checked by actionlint) writes under previews/pr-<n>/
with a role that may write nothing else, and CloudFront serves that prefix uncached with
X-Robots-Tag: noindex, so search engines index no preview.
"""

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.infra.test_template import props

WORKFLOWS = Path(__file__).resolve().parents[2] / ".github" / "workflows"
PULL_REQUEST = WORKFLOWS / "pull-request.yml"
ACTIONLINT = Path(sys.executable).parent / "actionlint"


def workflow() -> dict[Any, Any]:
    loaded: dict[Any, Any] = yaml.safe_load(PULL_REQUEST.read_text(encoding="utf-8"))
    return loaded


def statements(template: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [
        statement
        for policy in props(template, name)["Policies"]
        for statement in policy["PolicyDocument"]["Statement"]
    ]


def test_actionlint_finds_nothing_in_the_workflows() -> None:
    done = subprocess.run(
        [str(ACTIONLINT), *sorted(map(str, WORKFLOWS.glob("*.yml")))],
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stdout + done.stderr


def test_the_preview_role_is_assumed_only_by_the_repository_s_pull_requests(
    translated: dict[str, Any],
) -> None:
    role = translated["Resources"]["PreviewRole"]
    (trust,) = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]

    assert role["Condition"] == "HasPreviews"
    assert trust["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert "token.actions.githubusercontent.com" in json.dumps(trust["Principal"]["Federated"])
    conditions = trust["Condition"]["StringEquals"]
    assert conditions["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
    assert conditions["token.actions.githubusercontent.com:sub"] == {
        "Fn::Sub": "repo:${PreviewRepository}:pull_request"
    }


def test_the_preview_role_may_only_write_under_the_preview_prefix(
    translated: dict[str, Any],
) -> None:
    by_action: dict[str, list[dict[str, Any]]] = {}
    for statement in statements(translated, "PreviewRole"):
        assert statement["Effect"] == "Allow"
        actions = statement["Action"]
        for action in [actions] if isinstance(actions, str) else actions:
            by_action.setdefault(action, []).append(statement)

    assert set(by_action) == {
        "s3:PutObject",
        "s3:DeleteObject",
        "s3:ListBucket",
        "cloudformation:DescribeStacks",
    }
    for action in ("s3:PutObject", "s3:DeleteObject"):
        (statement,) = by_action[action]
        assert statement["Resource"] == {"Fn::Sub": "${SiteBucket.Arn}/previews/*"}
    (listing,) = by_action["s3:ListBucket"]
    assert listing["Resource"] == {"Fn::GetAtt": ["SiteBucket", "Arn"]}
    assert listing["Condition"] == {"StringLike": {"s3:prefix": ["previews/*"]}}
    (describe,) = by_action["cloudformation:DescribeStacks"]
    assert describe["Resource"] == {"Ref": "AWS::StackId"}


def test_previews_are_served_uncached_and_marked_noindex(translated: dict[str, Any]) -> None:
    config = props(translated, "Distribution")["DistributionConfig"]
    behaviors = {b["PathPattern"]: b for b in config["CacheBehaviors"]}
    preview = behaviors["/previews/*"]
    headers = props(translated, "PreviewHeadersPolicy")["ResponseHeadersPolicyConfig"]
    site = props(translated, "SecurityHeadersPolicy")["ResponseHeadersPolicyConfig"]

    assert preview["TargetOriginId"] == "site"
    assert preview["CachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # CachingDisabled
    assert preview["ResponseHeadersPolicyId"] == {"Ref": "PreviewHeadersPolicy"}
    assert preview["FunctionAssociations"] == config["DefaultCacheBehavior"]["FunctionAssociations"]
    custom = {h["Header"]: h["Value"] for h in headers["CustomHeadersConfig"]["Items"]}
    assert custom["X-Robots-Tag"] == "noindex, nofollow"
    assert headers["SecurityHeadersConfig"] == site["SecurityHeadersConfig"]


def test_the_workflow_publishes_and_removes_only_the_pull_request_s_prefix() -> None:
    flow = workflow()
    text = PULL_REQUEST.read_text(encoding="utf-8")
    s3_targets = re.findall(r"s3://\$bucket/([^\"\s]*)", text)

    assert set(flow[True]["pull_request"]["types"]) >= {"opened", "synchronize", "closed"}
    assert flow["env"]["PREVIEW_PREFIX"] == "previews/pr-${{ github.event.pull_request.number }}"
    assert s3_targets and set(s3_targets) == {"$PREVIEW_PREFIX/"}
    assert "aws s3 rm" in json.dumps(flow["jobs"]["remove-preview"])
    for job in ("site", "remove-preview"):
        steps = flow["jobs"][job]["steps"]
        roles = [s["with"]["role-to-assume"] for s in steps if "configure-aws" in s.get("uses", "")]
        assert roles == ["${{ vars.AWS_PREVIEW_ROLE_ARN }}"]
        assert flow["jobs"][job]["permissions"]["id-token"] == "write"


def test_the_comment_is_found_by_its_marker_and_updated_rather_than_added() -> None:
    (step,) = [
        s
        for s in workflow()["jobs"]["site"]["steps"]
        if s.get("name") == "Post or update the comment"
    ]

    assert 'marker="<!-- portal-diff -->"' in step["run"]
    assert "--method PATCH" in step["run"]
    assert "portal diff" in json.dumps(workflow()["jobs"]["site"])


def test_the_production_deploy_leaves_the_previews_alone() -> None:
    deploy = (WORKFLOWS / "deploy.yml").read_text(encoding="utf-8")

    (sync,) = [line for line in deploy.splitlines() if "aws s3 sync" in line]
    assert '--exclude "previews/*"' in sync
