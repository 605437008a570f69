"""
Which AWS failures count as "busy or down, try again": the API answers those 503.
"""

from typing import Any

import pytest
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyPersistenceLayerError,
)
from botocore.exceptions import ClientError, NoCredentialsError, ReadTimeoutError

from portal.adapters.aws_errors import unavailability


def client_error(code: str, status: int) -> ClientError:
    response: Any = {
        "Error": {"Code": code, "Message": "m"},
        "ResponseMetadata": {"HTTPStatusCode": status},
    }
    return ClientError(response, "Operation")


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("ProvisionedThroughputExceededException", 400),
        ("ThrottlingException", 400),
        ("TransactionConflictException", 400),
        ("SlowDown", 503),
        ("503", 503),  # S3 answering a HEAD: no body, the status is the code
        ("500", 500),
        ("Whatever", 429),
    ],
)
def test_throttling_and_server_errors_are_unavailability(code: str, status: int) -> None:
    assert unavailability(client_error(code, status)) == code


@pytest.mark.parametrize(
    ("code", "status"),
    [("ConditionalCheckFailedException", 400), ("AccessDenied", 403), ("404", 404)],
)
def test_refusals_are_not_unavailability(code: str, status: int) -> None:
    assert unavailability(client_error(code, status)) is None


def test_a_throttled_idempotency_table_is_found_behind_powertools_error() -> None:
    try:
        try:
            raise client_error("ThrottlingException", 400)
        except ClientError as throttled:
            raise IdempotencyPersistenceLayerError("failed", throttled) from throttled
    except IdempotencyPersistenceLayerError as wrapped:
        error = wrapped

    assert unavailability(error) == "ThrottlingException"


def test_a_lost_connection_is_unavailability_but_missing_credentials_are_not() -> None:
    assert unavailability(ReadTimeoutError(endpoint_url="https://x")) == "ReadTimeoutError"
    assert unavailability(NoCredentialsError()) is None
