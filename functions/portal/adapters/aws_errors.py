"""
Which failures of AWS mean "busy or down, try again later": throttling, a 5xx, a lost
connection. Adapters turn those into the domain's ServiceUnavailable (the API answers 503
with Retry-After); anything else is a bug or a refusal and goes on as it is. Only the
adapters know botocore's errors and codes.
"""

import functools
import inspect
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from botocore.exceptions import BotoCoreError, ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as AwsConnectionError

from portal.domain.errors import ServiceUnavailable, causes

T = TypeVar("T")

# Error codes DynamoDB and S3 use for throttling and outages. S3 answers a HEAD without a
# body, so botocore names that error by its HTTP status ("503"): the status is checked too.
THROTTLING = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "Throttling",
        "RequestLimitExceeded",
        "TransactionConflictException",
        "TransactionCanceledException",
        "TransactionInProgressException",
        "SlowDown",
        "ServiceUnavailable",
        "InternalServerError",
        "InternalError",
        "RequestTimeout",
    }
)


def unavailability(error: BaseException) -> str | None:
    """
    The AWS error code (or botocore error class) that makes `error` a case of AWS being
    busy or down, or None if it is something else.
    """
    for current in causes(error):
        if isinstance(current, ClientError):
            code = str(current.response.get("Error", {}).get("Code", ""))
            status = current.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            if code in THROTTLING or status >= 500 or status == 429:
                return code or str(status)
            return None
        if isinstance(current, AwsConnectionError | HTTPClientError):
            return type(current).__name__
    return None


@contextmanager
def _translated() -> Iterator[None]:
    """AWS busy or down, raised inside, leaves as ServiceUnavailable from the AWS error."""
    try:
        yield
    except (ClientError, BotoCoreError) as error:
        cause = unavailability(error)
        if cause is None:
            raise
        raise ServiceUnavailable(cause) from error


def _translating(method: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.isgeneratorfunction(method):

        @functools.wraps(method)
        def generator(*args: Any, **kwargs: Any) -> Iterator[Any]:
            with _translated():
                yield from method(*args, **kwargs)

        return generator

    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        with _translated():
            return method(*args, **kwargs)

    return call


def reports_unavailability(
    methods: Iterable[str] | None = None,
) -> Callable[[type[T]], type[T]]:
    """
    Class decorator for an adapter: its public methods (or the ones named) raise
    ServiceUnavailable, from the botocore error, when AWS is busy or down.
    """

    def decorate(cls: type[T]) -> type[T]:
        names = methods or [
            name
            for name, value in vars(cls).items()
            if not name.startswith("_") and inspect.isfunction(value)
        ]
        for name in names:
            setattr(cls, name, _translating(getattr(cls, name)))
        return cls

    return decorate
