"""
Which failures of AWS mean "busy or down, try again later": throttling, a 5xx, a lost
connection. The API answers those 503 with Retry-After; anything else is a bug or a
refusal. The AWS error may be wrapped (Powertools' idempotency raises its own errors
`from` the botocore one), so the whole chain of causes is looked at.
"""

from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as AwsConnectionError

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
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ClientError):
            code = str(current.response.get("Error", {}).get("Code", ""))
            status = current.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            if code in THROTTLING or status >= 500 or status == 429:
                return code or str(status)
            return None
        if isinstance(current, AwsConnectionError | HTTPClientError):
            return type(current).__name__
        current = current.__cause__ or current.__context__
    return None
