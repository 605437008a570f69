"""The transparency report's AWS clients: default credentials, or a local portal's moto."""

from typing import Any

import boto3


def report_clients(**options: Any) -> tuple[Any, Any]:
    """DynamoDB (to export the cases table) and S3 (to read the export)."""
    return boto3.client("dynamodb", **options), boto3.client("s3", **options)
