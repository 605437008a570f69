"""
`portal openapi`, `portal package` and `portal staff-config`: what is deployed, the API's
contract, the zips, and the staff console's configuration from the stack's outputs.
"""

import argparse
import json
from pathlib import Path
from typing import Any

from portal.cli.output import say

DEFAULT_TEMPLATE = Path("infra") / "template.yaml"


def _openapi(args: argparse.Namespace) -> int:
    from portal.api.app import openapi_document

    print(openapi_document())
    return 0


def _package(args: argparse.Namespace) -> int:
    from portal.packaging.artifacts import build_artifacts
    from portal.packaging.lambda_functions import lambda_functions
    from portal.packaging.requirements import PackagingError, find_uv
    from portal.packaging.sizes import render_sizes

    try:
        functions = lambda_functions(args.template)
        artifacts = build_artifacts(
            functions,
            args.uv or find_uv(),
            progress=say,
            python=args.python,
            require_bytecode=args.require_bytecode,
        )
    except (PackagingError, ValueError) as error:
        say(f"error: {error}")
        return 1
    print(render_sizes(artifacts))
    over = [artifact.function.name for artifact in artifacts if not artifact.is_within_limit]
    if over:
        say(f"over the size limit: {', '.join(over)}")
        return 1
    return 0


STAFF_CONFIG_KEY = "staff/config.json"


def staff_config(outputs: dict[str, str], region: str) -> dict[str, str]:
    """
    /staff/config.json from the stack's outputs: where the console signs in (CloudFront's
    /_auth/, Distribution in infra/template.yaml). `make serve` serves the same keys
    (portal/local/staff_console.py).
    """
    return {
        "auth_path": "/_auth/",
        "client_id": outputs["StaffConsoleClientId"],
        "region": region,
        "user_pool_id": outputs["StaffUserPoolId"],
    }


def publish_staff_config(cloudformation: Any, s3: Any, stack_name: str) -> dict[str, str]:
    """Writes /staff/config.json into the stack's site bucket; returns what it wrote."""
    [stack] = cloudformation.describe_stacks(StackName=stack_name)["Stacks"]
    outputs = {item["OutputKey"]: item["OutputValue"] for item in stack.get("Outputs", [])}
    config = staff_config(outputs, cloudformation.meta.region_name)
    s3.put_object(
        Bucket=outputs["SiteBucketName"],
        Key=STAFF_CONFIG_KEY,
        Body=json.dumps(config).encode(),
        ContentType="application/json",
        CacheControl="no-cache",
    )
    return config


def _staff_config(args: argparse.Namespace) -> int:
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError  # noqa: TID251 - a command's edge

    session = boto3.session.Session(region_name=args.region)
    try:
        config = publish_staff_config(
            session.client("cloudformation"), session.client("s3"), args.stack_name
        )
    except (BotoCoreError, ClientError, KeyError) as error:
        say(f"error: {error}")
        return 1
    say(f"{STAFF_CONFIG_KEY} written: {json.dumps(config)}")
    return 0


def add_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    openapi = commands.add_parser("openapi", help="print the API's OpenAPI document")
    openapi.set_defaults(run=_openapi)

    package = commands.add_parser("package", help="build each Lambda function's zip")
    package.add_argument("--template", type=Path, default=DEFAULT_TEMPLATE)
    package.add_argument("--uv", type=Path, help="uv to use (default: as the Makefile finds it)")
    package.add_argument(
        "--python",
        type=Path,
        help="the runtime's Python version, to compile the modules (default: python3.13 on PATH)",
    )
    package.add_argument(
        "--require-bytecode",
        action="store_true",
        help="fail instead of shipping sources only when no such interpreter is found",
    )
    package.set_defaults(run=_package)

    config = commands.add_parser(
        "staff-config",
        help="write the staff console's /staff/config.json to the site bucket from the stack",
    )
    config.add_argument("--stack-name", required=True, help="e.g. legal-portal-prod")
    config.add_argument("--region", help="the stack's region (default: the AWS configuration's)")
    config.set_defaults(run=_staff_config)
