"""
The idempotency table: Powertools' DynamoDB persistence layer, with AWS busy or down
reported as the domain's ServiceUnavailable. Powertools wraps what its store raises in
IdempotencyPersistenceLayerError, `from` our error: the API looks at that cause only.
"""

from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

from portal.adapters.aws_errors import reports_unavailability


@reports_unavailability(["_get_record", "_put_record", "_update_record", "_delete_record"])
class DynamoIdempotencyStore(DynamoDBPersistenceLayer):
    """The idempotency records of one table (IDEMPOTENCY_TABLE)."""
