"""
The storage and queues of infra/template.yaml, created in an embedded AWS (moto), and
each function's environment resolved against them: local runs and tests use the
deployment's own definitions, so the two cannot drift apart.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import yaml

TEMPLATE = Path(__file__).resolve().parents[3] / "infra" / "template.yaml"
_SUB = re.compile(r"\$\{([A-Za-z0-9:.]+)\}")


class _CloudFormationLoader(yaml.SafeLoader):
    """Reads CloudFormation's short tags (!Ref, !GetAtt, !Sub, ...) as their long forms."""


def _construct(tag: str) -> Any:
    name = "Ref" if tag == "Ref" else f"Fn::{tag}"

    def build(loader: yaml.SafeLoader, node: yaml.Node) -> dict[str, Any]:
        if isinstance(node, yaml.ScalarNode):
            value: Any = loader.construct_scalar(node)
            if tag == "GetAtt":
                value = str(value).split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
        return {name: value}

    return build


for _tag in (
    "Ref",
    "GetAtt",
    "Sub",
    "Select",
    "Split",
    "Join",
    "If",
    "Equals",
    "Not",
    "FindInMap",
    "ImportValue",
    "GetAZs",
    "Base64",
    "And",
    "Or",
    "Condition",
):
    _CloudFormationLoader.add_constructor(f"!{_tag}", _construct(_tag))


def load_template(path: Path = TEMPLATE) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.load(path.read_text("utf-8"), Loader=_CloudFormationLoader)  # noqa: S506
    return loaded


@dataclass
class Deployed:
    """What was created: per logical id, the value !Ref gives and the resource's ARN."""

    refs: dict[str, str] = field(default_factory=dict)
    arns: dict[str, str] = field(default_factory=dict)
    attributes: dict[tuple[str, str], str] = field(default_factory=dict)


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


def create_resources(
    template: dict[str, Any] | None = None,
    prefix: str = "portal",
    parameter_values: dict[str, str] | None = None,
) -> Deployed:
    """Create the template's tables, queues and buckets in the AWS boto3 points at."""
    template = template or load_template()
    deployed = Deployed()
    _create_tables(template, prefix, deployed)
    _create_queues(template, prefix, deployed)
    _create_buckets(template, prefix, deployed, parameters(template, parameter_values))
    _create_configuration_sets(template, prefix, deployed)
    return deployed


def resolve(value: Any, deployed: Deployed, parameters: dict[str, str]) -> str:
    """A template value with its intrinsic functions resolved for the local stack."""
    if isinstance(value, str | int | bool):
        return str(value).lower() if isinstance(value, bool) else str(value)
    if "Ref" in value:
        name = value["Ref"]
        return deployed.refs.get(name) or parameters[name]
    if "Fn::GetAtt" in value:
        logical, attribute = value["Fn::GetAtt"]
        return deployed.attributes[(logical, attribute)]
    if "Fn::Sub" in value:
        text, variables = value["Fn::Sub"], {}
        if isinstance(text, list):  # [text, {name: value}]: names given first
            text, given = text
            variables = {
                name: parameters.get(name) or resolve(inner, deployed, parameters)
                for name, inner in given.items()
            }

        def value_of(match: re.Match[str]) -> str:
            name = match.group(1)
            return (
                variables.get(name)
                or deployed.refs.get(name)
                or parameters.get(name, match.group(0))
            )

        return _SUB.sub(value_of, text)
    raise ValueError(f"cannot resolve {value!r} locally")


def parameters(template: dict[str, Any], overrides: dict[str, str] | None = None) -> dict[str, str]:
    values = {
        name: str(spec.get("Default", "")) for name, spec in template.get("Parameters", {}).items()
    }
    return {**values, **(overrides or {})}


def function_environment(
    template: dict[str, Any],
    function: str,
    deployed: Deployed,
    parameter_values: dict[str, str] | None = None,
    overrides: dict[str, str] | None = None,
) -> dict[str, str]:
    """A function's environment variables as the template sets them, resolved locally."""
    values = parameters(template, parameter_values)
    globals_ = (
        template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})
    )
    own = template["Resources"][function]["Properties"].get("Environment", {}).get("Variables", {})
    environment = {
        name: resolve(value, deployed, values) for name, value in {**globals_, **own}.items()
    }
    return {**environment, **(overrides or {})}


def security_headers(
    template: dict[str, Any], uploads_origin: str, https: bool = True
) -> dict[str, str]:
    """
    The headers CloudFront adds to every answer (SecurityHeadersPolicy), as local servers
    send them; `uploads_origin` is where this portal's browsers upload attachments to.
    Over plain HTTP (a laptop) the HTTPS-only parts are left out: HSTS, and the upgrade of
    requests to HTTPS, which would send the browser to a port that speaks no TLS.
    """
    policy = template["Resources"]["SecurityHeadersPolicy"]["Properties"][
        "ResponseHeadersPolicyConfig"
    ]
    security = policy["SecurityHeadersConfig"]
    hsts = security["StrictTransportSecurity"]
    csp = resolve(
        security["ContentSecurityPolicy"]["ContentSecurityPolicy"],
        Deployed(),
        {"UploadsOrigin": uploads_origin},
    )
    headers = {
        "Content-Security-Policy": csp,
        "Strict-Transport-Security": f"max-age={hsts['AccessControlMaxAgeSec']}"
        + ("; includeSubDomains" if hsts.get("IncludeSubdomains") else "")
        + ("; preload" if hsts.get("Preload") else ""),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": security["FrameOptions"]["FrameOption"],
        "Referrer-Policy": security["ReferrerPolicy"]["ReferrerPolicy"],
    }
    for item in policy.get("CustomHeadersConfig", {}).get("Items", []):
        headers[item["Header"]] = item["Value"]
    if not https:
        del headers["Strict-Transport-Security"]
        directives = [d.strip() for d in csp.split(";") if d.strip() != "upgrade-insecure-requests"]
        headers["Content-Security-Policy"] = "; ".join(directives)
    return headers


def stream_source(template: dict[str, Any], function: str) -> dict[str, Any]:
    """The properties of a function's DynamoDB stream event (its event source mapping)."""
    events = template["Resources"][function]["Properties"].get("Events", {})
    [source] = [e["Properties"] for e in events.values() if e["Type"] == "DynamoDB"]
    return dict(source)
