"""The transparency report's AWS clients: default credentials, or a local portal's moto."""

from typing import TYPE_CHECKING, Any

import boto3

if TYPE_CHECKING:
    from portal.adapters.report_athena import AthenaReportEngine


def report_clients(**options: Any) -> tuple[Any, Any]:
    """DynamoDB (to export the cases table) and S3 (to read the export)."""
    return boto3.client("dynamodb", **options), boto3.client("s3", **options)


def athena_report_engine(location: str) -> "AthenaReportEngine":
    """Athena over the export at `location`, as the environment describes (ATHENA_*)."""
    from portal.adapters.report_athena import athena_report_engine as engine
    from portal.settings import AthenaQuerySettings

    return engine(boto3.client("athena"), AthenaQuerySettings.from_environ(), location)
