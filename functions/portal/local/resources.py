"""
The storage, queues and staff user pool of infra/template.yaml, created in an embedded AWS
(moto): local runs and tests use the deployment's own definitions, so the two cannot drift
apart.

Why not deploy the template through moto's CloudFormation (issue 14, point 8; tried in
tests/infra/test_deploy.py): it needs the SAM translation, a bucket of placeholder code
zips and the WAF's SSM parameter first; it skips HTTP APIs, Scheduler, CloudFront and WAF,
and every resource pointing at them, and resolves SES configuration sets and Athena
workgroups to nothing, so a shim would still create those; and it takes about 7 s against
under 2 s for this module, on every integration test's fresh stack. Creating the four kinds
of resource the local stack needs, from the template's own properties, stays simpler.
"""

import json
from typing import Any

import boto3

from portal.local.template_values import Deployed, parameters, resolve
from portal.template import load_template


def _resources(template: dict[str, Any], kind: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        (name, resource.get("Properties", {}))
        for name, resource in template["Resources"].items()
        if resource["Type"] == kind
    ]


def _create_tables(template: dict[str, Any], prefix: str, deployed: Deployed) -> None:
    client = boto3.client("dynamodb")
    for logical, props in _resources(template, "AWS::DynamoDB::Table"):
        name = f"{prefix}-{logical}"
        request: dict[str, Any] = {
            "TableName": name,
            "KeySchema": props["KeySchema"],
            "AttributeDefinitions": props["AttributeDefinitions"],
            "BillingMode": props.get("BillingMode", "PAY_PER_REQUEST"),
        }
        if "GlobalSecondaryIndexes" in props:
            request["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
        if "StreamSpecification" in props:
            request["StreamSpecification"] = {"StreamEnabled": True, **props["StreamSpecification"]}
        table = client.create_table(**request)["TableDescription"]
        ttl = props.get("TimeToLiveSpecification")
        if ttl:
            client.update_time_to_live(TableName=name, TimeToLiveSpecification=ttl)
        # As in AWS: the transparency report exports the table from its backups.
        if props.get("PointInTimeRecoverySpecification", {}).get("PointInTimeRecoveryEnabled"):
            client.update_continuous_backups(
                TableName=name,
                PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
            )
        deployed.refs[logical] = name
        deployed.arns[logical] = table["TableArn"]
        if "LatestStreamArn" in table:
            deployed.attributes[(logical, "StreamArn")] = table["LatestStreamArn"]


def _create_queues(template: dict[str, Any], prefix: str, deployed: Deployed) -> None:
    client = boto3.client("sqs")
    queues = _resources(template, "AWS::SQS::Queue")
    # Dead-letter queues first: the others point at them.
    for logical, props in sorted(queues, key=lambda item: "RedrivePolicy" in item[1]):
        attributes: dict[Any, str] = {
            key: str(props[key])
            for key in ("VisibilityTimeout", "MessageRetentionPeriod")
            if key in props
        }
        if "RedrivePolicy" in props:
            policy = props["RedrivePolicy"]
            attributes["RedrivePolicy"] = json.dumps(
                {
                    "deadLetterTargetArn": resolve(policy["deadLetterTargetArn"], deployed, {}),
                    "maxReceiveCount": int(policy["maxReceiveCount"]),
                }
            )
        name = f"{prefix}-{logical}"
        url = client.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        arn = client.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        deployed.refs[logical] = url
        deployed.arns[logical] = arn
        deployed.attributes[(logical, "Arn")] = arn
        deployed.attributes[(logical, "QueueName")] = name


# CloudFormation's names for a CORS rule's keys, and the S3 API's.
_CORS_KEYS = {"Id": "ID", "ExposedHeaders": "ExposeHeaders", "MaxAge": "MaxAgeSeconds"}


def _cors_rule(
    rule: dict[str, Any], deployed: Deployed, parameter_values: dict[str, str]
) -> dict[str, Any]:
    converted = {_CORS_KEYS.get(key, key): value for key, value in rule.items()}
    converted["AllowedOrigins"] = [
        resolve(origin, deployed, parameter_values) for origin in rule["AllowedOrigins"]
    ]
    return converted


def _create_buckets(
    template: dict[str, Any], prefix: str, deployed: Deployed, parameter_values: dict[str, str]
) -> None:
    client = boto3.client("s3")
    region = client.meta.region_name
    for logical, props in _resources(template, "AWS::S3::Bucket"):
        name = f"{prefix}-{logical}".lower()
        if region == "us-east-1":
            client.create_bucket(Bucket=name)
        else:
            location: Any = {"LocationConstraint": region}
            client.create_bucket(Bucket=name, CreateBucketConfiguration=location)
        deployed.refs[logical] = name
        deployed.arns[logical] = f"arn:aws:s3:::{name}"
        cors = props.get("CorsConfiguration")
        if cors:
            rules: Any = [
                _cors_rule(rule, deployed, parameter_values) for rule in cors["CorsRules"]
            ]
            client.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": rules})
        notifications = props.get("NotificationConfiguration", {}).get("QueueConfigurations", [])
        if notifications:
            client.put_bucket_notification_configuration(
                Bucket=name,
                NotificationConfiguration={
                    "QueueConfigurations": [
                        {
                            "QueueArn": resolve(item["Queue"], deployed, {}),
                            "Events": [item["Event"]],
                            "Filter": {"Key": {"FilterRules": item["Filter"]["S3Key"]["Rules"]}},
                        }
                        for item in notifications
                    ]
                },
            )


def _create_configuration_sets(template: dict[str, Any], prefix: str, deployed: Deployed) -> None:
    client = boto3.client("sesv2")
    for logical, _ in _resources(template, "AWS::SES::ConfigurationSet"):
        name = f"{prefix}-{logical}"
        client.create_configuration_set(ConfigurationSetName=name)
        deployed.refs[logical] = name


# The user pool properties CloudFormation and CreateUserPool name alike.
_POOL_KEYS = (
    "Policies",
    "AdminCreateUserConfig",
    "UsernameAttributes",
    "UsernameConfiguration",
    "AutoVerifiedAttributes",
    "AccountRecoverySetting",
    "DeletionProtection",
)


def _create_user_pools(template: dict[str, Any], prefix: str, deployed: Deployed) -> None:
    """
    The staff pools, their groups and app clients. CloudFormation's MfaConfiguration and
    EnabledMfas are one SetUserPoolMfaConfig call in the API.
    """
    client = boto3.client("cognito-idp")
    for logical, props in _resources(template, "AWS::Cognito::UserPool"):
        request = {key: props[key] for key in _POOL_KEYS if key in props}
        pool = client.create_user_pool(PoolName=f"{prefix}-{logical}", **request)["UserPool"]
        enabled = props.get("EnabledMfas", [])
        client.set_user_pool_mfa_config(
            UserPoolId=pool["Id"],
            SoftwareTokenMfaConfiguration={"Enabled": "SOFTWARE_TOKEN_MFA" in enabled},
            MfaConfiguration=props.get("MfaConfiguration", "OFF"),
        )
        deployed.refs[logical] = pool["Id"]
        deployed.arns[logical] = pool["Arn"]
        deployed.attributes[(logical, "Arn")] = pool["Arn"]
    for logical, props in _resources(template, "AWS::Cognito::UserPoolGroup"):
        others = {key: value for key, value in props.items() if key != "UserPoolId"}
        client.create_group(UserPoolId=resolve(props["UserPoolId"], deployed, {}), **others)
        deployed.refs[logical] = props["GroupName"]
    for logical, props in _resources(template, "AWS::Cognito::UserPoolClient"):
        others = {key: value for key, value in props.items() if key != "UserPoolId"}
        app_client = client.create_user_pool_client(
            UserPoolId=resolve(props["UserPoolId"], deployed, {}), **others
        )["UserPoolClient"]
        deployed.refs[logical] = app_client["ClientId"]


def create_resources(
    template: dict[str, Any] | None = None,
    prefix: str = "portal",
    parameter_values: dict[str, str] | None = None,
    user_pools: bool = False,
) -> Deployed:
    """
    Create the template's tables, queues and buckets in the AWS boto3 points at, and its
    user pools with `user_pools`: moto takes about 0.3 s to make one (it loads its signing
    key), so only `make serve` and the tests of signing in ask for them.
    """
    template = template or load_template()
    deployed = Deployed()
    _create_tables(template, prefix, deployed)
    _create_queues(template, prefix, deployed)
    _create_buckets(template, prefix, deployed, parameters(template, parameter_values))
    _create_configuration_sets(template, prefix, deployed)
    if user_pools:
        _create_user_pools(template, prefix, deployed)
    return deployed
