"""
Infrastructure checks, all offline: the SAM template translated to CloudFormation with
samtranslator (local CodeUri paths replaced by S3 placeholders, as `sam deploy` would).
"""

import copy
from pathlib import Path
from typing import Any

import boto3
import pytest
from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator

from portal.local.stack import load_template

INFRA = Path(__file__).resolve().parents[2] / "infra"
TEMPLATE = INFRA / "template.yaml"
EDGE = INFRA / "edge.yaml"
PLACEHOLDER_BUCKET = "offline-artifacts"
REGION = "eu-west-3"
ACCOUNT = "123456789012"


def with_placeholder_code(sam: dict[str, Any]) -> dict[str, Any]:
    """CodeUri paths become s3:// placeholders (samtranslator accepts no local paths)."""
    ready = copy.deepcopy(sam)
    for name, resource in ready["Resources"].items():
        if resource["Type"] == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = f"s3://{PLACEHOLDER_BUCKET}/{name}.zip"
    return ready


def translate(sam: dict[str, Any]) -> dict[str, Any]:
    translator = Translator(
        managed_policy_map=None,
        sam_parser=Parser(),
        boto_session=boto3.session.Session(region_name=REGION),
    )
    result: dict[str, Any] = translator.translate(
        sam_template=with_placeholder_code(sam),
        parameter_values={
            "AWS::Region": REGION,
            "AWS::AccountId": ACCOUNT,
            "AWS::Partition": "aws",
        },
        get_managed_policy_map=lambda: {},
    )
    return result


@pytest.fixture(scope="session")
def sam() -> dict[str, Any]:
    return load_template(TEMPLATE)


@pytest.fixture(scope="session")
def translated(sam: dict[str, Any]) -> dict[str, Any]:
    return translate(sam)


@pytest.fixture(scope="session")
def edge() -> dict[str, Any]:
    return load_template(EDGE)


def resources(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in template["Resources"].items() if r["Type"] == kind}
