"""
A moto CloudFormation deploy of the translated template: every environment variable a
function's settings read exists, names a resource of the right kind and shape, and no
function receives a variable its settings do not read.
"""

import copy
import io
import json
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from moto import mock_aws

from portal.plain_settings import PlainEnvironment, UploadCheckSettings
from portal.settings import (
    ApiSettings,
    CaseEventsSettings,
    MailSettings,
    RecipientsJobSettings,
    ReportDraftFinishSettings,
    ReportDraftSettings,
    StaffApiSettings,
    SubmitStatementsSettings,
    SweepSettings,
)
from tests.infra.conftest import ACCOUNT, PLACEHOLDER_BUCKET, REGION, resources

Settings = (
    ApiSettings
    | MailSettings
    | CaseEventsSettings
    | UploadCheckSettings
    | RecipientsJobSettings
    | SweepSettings
    | StaffApiSettings
    | SubmitStatementsSettings
    | ReportDraftSettings
    | ReportDraftFinishSettings
)
SETTINGS: dict[str, type[Settings]] = {
    "ApiFunction": ApiSettings,
    "MailFunction": MailSettings,
    "CaseEventsFunction": CaseEventsSettings,
    "UploadCheckFunction": UploadCheckSettings,
    "RecipientsFunction": RecipientsJobSettings,
    "SweepFunction": SweepSettings,
    "StaffApiFunction": StaffApiSettings,
    "SubmitStatementsFunction": SubmitStatementsSettings,
    "ReportDraftStartFunction": ReportDraftSettings,
    "ReportDraftFinishFunction": ReportDraftFinishSettings,
}


# Resource types moto's CloudFormation does not model; tests/infra/test_template.py asserts
# them on the translated JSON instead.
NOT_IN_MOTO = ("AWS::CloudFront::", "AWS::Scheduler::", "AWS::ApiGatewayV2::", "AWS::WAFv2::")


def references(value: Any) -> set[str]:
    """Logical ids a template fragment points at (Ref, Fn::GetAtt, ${...} in Fn::Sub)."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "Ref" and isinstance(inner, str):
                found.add(inner)
            elif key == "Fn::GetAtt":
                found.add(inner[0] if isinstance(inner, list) else str(inner).split(".")[0])
            elif key == "Fn::Sub":
                text = inner[0] if isinstance(inner, list) else inner
                found |= {name.split(".")[0] for name in re.findall(r"\$\{([^}!]+)\}", text)}
            found |= references(inner)
    elif isinstance(value, list):
        for inner in value:
            found |= references(inner)
    return found


def deployable_in_moto(template: dict[str, Any]) -> dict[str, Any]:
    """The template without what moto cannot create, nor what depends on it."""
    kept = copy.deepcopy(template)
    kept.pop("Outputs", None)
    dropped = {name for name, r in kept["Resources"].items() if r["Type"].startswith(NOT_IN_MOTO)}
    while True:
        dependent = {
            name
            for name, r in kept["Resources"].items()
            if name not in dropped and references(r) & dropped
        }
        if not dependent:
            break
        dropped |= dependent
    kept["Resources"] = {name: r for name, r in kept["Resources"].items() if name not in dropped}
    return kept


# Types moto's CloudFormation skips without failing: a Ref to them resolves to nothing.
MOTO_SKIPS = {"AWS::Athena::WorkGroup", "AWS::SES::ConfigurationSet"}
# Every type of the template that moto's CloudFormation skips with a warning (moto 5.2):
# none of them is a resource that a function's variable may name but MOTO_SKIPS'.
MOTO_WARNS_OF = MOTO_SKIPS | {
    "AWS::CloudWatch::Alarm",
    "AWS::Cognito::UserPool",
    "AWS::Cognito::UserPoolClient",
    "AWS::Cognito::UserPoolGroup",
    "AWS::Lambda::Alias",
    "AWS::S3::BucketPolicy",
    "AWS::SQS::QueuePolicy",
}
SKIPPED = re.compile(r"Tried to parse (\S+) but it's not supported by moto")


@dataclass(frozen=True)
class Deployment:
    environments: dict[str, dict[str, str]]  # each function's variables, by logical id
    skipped: set[str]  # the types moto's CloudFormation warned it did not create


def placeholder_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("placeholder.py", "")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def deployment(translated: dict[str, Any]) -> Iterator[Deployment]:
    """Deploy, then yield each function's environment and the types moto skipped."""
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        location: Any = {"LocationConstraint": REGION}
        s3.create_bucket(Bucket=PLACEHOLDER_BUCKET, CreateBucketConfiguration=location)
        for name in resources(translated, "AWS::Lambda::Function"):
            s3.put_object(Bucket=PLACEHOLDER_BUCKET, Key=f"{name}.zip", Body=placeholder_zip())
        # The WAF's ARN, as the runbook stores it (infra/README.md): the stack requires it.
        boto3.client("ssm", region_name=REGION).put_parameter(
            Name=translated["Parameters"]["WebAclArn"]["Default"],
            Type="String",
            Value=f"arn:aws:wafv2:us-east-1:{ACCOUNT}:global/webacl/portal/0000",
        )
        cloudformation = boto3.client("cloudformation", region_name=REGION)
        body = json.dumps(deployable_in_moto(translated))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            cloudformation.create_stack(
                StackName="portal-test",
                TemplateBody=body,
                Capabilities=["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"],
            )
            status = cloudformation.describe_stacks(StackName="portal-test")["Stacks"][0][
                "StackStatus"
            ]
            assert status == "CREATE_COMPLETE"
            physical = {
                r["LogicalResourceId"]: r["PhysicalResourceId"]
                for r in cloudformation.describe_stack_resources(StackName="portal-test")[
                    "StackResources"
                ]
                # moto lists the types it skips without ids (the API's alias among them), and the
                # API's published version without a physical one.
                if "LogicalResourceId" in r and "PhysicalResourceId" in r
            }
            lambdas = boto3.client("lambda", region_name=REGION)
            environments = {
                logical: lambdas.get_function_configuration(FunctionName=physical[logical])[
                    "Environment"
                ]["Variables"]
                for logical in SETTINGS
            }
        skipped = {match[1] for w in caught if (match := SKIPPED.search(str(w.message)))}
        yield Deployment(environments, skipped)


@pytest.fixture(scope="module")
def stack(deployment: Deployment) -> dict[str, dict[str, str]]:
    """Each function's environment, by logical id."""
    return deployment.environments


def test_moto_skips_only_the_types_known_to_it(deployment: Deployment) -> None:
    # A type moto newly skips may be one a function's variable names (MOTO_SKIPS); one it
    # learns to create can leave both lists.
    assert deployment.skipped == MOTO_WARNS_OF


def aliases(settings: type[Any]) -> set[str]:
    if issubclass(settings, PlainEnvironment):
        return set(settings.aliases().values())
    return {str(field.alias) for field in settings.model_fields.values()}


@pytest.mark.parametrize("function", list(SETTINGS))
def test_a_function_gets_only_the_variables_its_settings_read(
    stack: dict[str, dict[str, str]], translated: dict[str, Any], function: str
) -> None:
    environment = dict(stack[function])
    declared = translated["Resources"][function]["Properties"]["Environment"]["Variables"]
    for name, value in declared.items():
        if name not in environment:
            # moto skipped the resource this variable names (SES, Athena):
            # it must be one moto cannot model, and the settings still get a value.
            [target] = references(value)
            assert translated["Resources"][target]["Type"] in MOTO_SKIPS, (name, target)
            environment[name] = f"{target.lower()}-placeholder"
    settings = SETTINGS[function]

    assert set(environment) <= aliases(settings)
    settings.from_environ(environment)  # every required variable is there and valid


def test_table_variables_name_tables_with_the_keys_the_code_expects(
    stack: dict[str, dict[str, str]],
) -> None:
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    for function, environment in stack.items():
        if "CASES_TABLE" in environment:
            table = dynamodb.describe_table(TableName=environment["CASES_TABLE"])["Table"]
            assert [(k["AttributeName"], k["KeyType"]) for k in table["KeySchema"]] == [
                ("pk", "HASH"),
                ("sk", "RANGE"),
            ], function
            indexes = {
                i["IndexName"]: [k["AttributeName"] for k in i["KeySchema"]]
                for i in table["GlobalSecondaryIndexes"]
            }
            assert indexes == {
                "by-kind-status": ["gsi1pk", "gsi1sk"],
                "by-month": ["gsi2pk", "gsi2sk"],
                "outbox-pending": ["outbox_pending", "outbox_since"],
            }
            assert table["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
        if "IDEMPOTENCY_TABLE" in environment:
            table = dynamodb.describe_table(TableName=environment["IDEMPOTENCY_TABLE"])["Table"]
            assert [k["AttributeName"] for k in table["KeySchema"]] == ["id"], function


def test_bucket_and_queue_variables_name_a_bucket_and_a_queue_with_a_dead_letter_queue(
    stack: dict[str, dict[str, str]],
) -> None:
    s3 = boto3.client("s3", region_name=REGION)
    sqs = boto3.client("sqs", region_name=REGION)
    for environment in stack.values():
        if "ATTACHMENTS_BUCKET" in environment:
            s3.head_bucket(Bucket=environment["ATTACHMENTS_BUCKET"])
        if "MAIL_QUEUE_URL" in environment:
            attributes = sqs.get_queue_attributes(
                QueueUrl=environment["MAIL_QUEUE_URL"], AttributeNames=["RedrivePolicy"]
            )["Attributes"]
            assert json.loads(attributes["RedrivePolicy"])["maxReceiveCount"] == 5
        if "STATEMENTS_QUEUE_URL" in environment:
            attributes = sqs.get_queue_attributes(
                QueueUrl=environment["STATEMENTS_QUEUE_URL"], AttributeNames=["RedrivePolicy"]
            )["Attributes"]
            assert json.loads(attributes["RedrivePolicy"])["maxReceiveCount"] == 10
