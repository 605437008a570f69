"""
Which AWS failures count as "busy or down, try again": adapters raise the domain's
ServiceUnavailable for those (the API answers 503), anything else goes on as it is.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyPersistenceLayerError,
)
from botocore.exceptions import ClientError, NoCredentialsError, ReadTimeoutError

from portal.adapters.aws_errors import reports_unavailability, unavailability
from portal.domain.errors import ServiceUnavailable


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


@reports_unavailability()
class Adapter:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def call(self) -> None:
        raise self.error

    def listing(self) -> Iterator[int]:
        yield 1
        raise self.error

    def _private(self) -> None:
        raise self.error


def test_an_adapter_reports_aws_busy_as_the_domain_error_from_the_aws_one() -> None:
    throttled = client_error("ThrottlingException", 400)

    with pytest.raises(ServiceUnavailable) as raised:
        Adapter(throttled).call()
    with pytest.raises(ServiceUnavailable):
        list(Adapter(throttled).listing())

    assert raised.value.cause == "ThrottlingException"
    assert raised.value.__cause__ is throttled


def test_an_adapter_lets_other_errors_and_private_methods_through() -> None:
    refused = client_error("ConditionalCheckFailedException", 400)

    with pytest.raises(ClientError):
        Adapter(refused).call()
    with pytest.raises(ClientError):
        Adapter(client_error("ThrottlingException", 400))._private()
