"""
The per-address cap on e-mails to addresses that senders typed, counted in DynamoDB with
conditional updates, so that concurrent workers never exceed it. The counters live in the
idempotency table: short-lived, with a TTL, and no stream (the cases table's stream would
wake the case-events worker for each count).

Items: `id = mailcap#<sha256 of the normalized address>#<YYYY-MM-DD>` (a UTC day), holding
the ids of the e-mails sent to that address that day. Counting ids, not sends, means a retried
e-mail is never counted twice. A day may use only what the day before left of the cap, so
any 24 hours (which span at most two days) see at most the cap. Items expire (TTL) once
the next day no longer needs them (the table's TTL attribute, `expiration`).
"""

from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from portal.adapters.aws_errors import reports_unavailability
from portal.adapters.cases import from_attributes
from portal.domain.mail import MAILS_PER_ADDRESS_PER_DAY, address_key

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


@reports_unavailability()
class DynamoMailCap:
    def __init__(
        self,
        table: str,
        client: "DynamoDBClient",
        limit: int = MAILS_PER_ADDRESS_PER_DAY,
    ) -> None:
        self.table = table
        self.limit = limit
        self.client = client

    def _key(self, address: str, day: datetime) -> dict[str, dict[str, str]]:
        return {"id": {"S": f"mailcap#{address_key(address)}#{day.date().isoformat()}"}}

    def _counted(self, address: str, day: datetime) -> set[str]:
        found = self.client.get_item(
            TableName=self.table, Key=self._key(address, day), ConsistentRead=True
        )
        return set(from_attributes(found.get("Item", {})).get("mail_ids", ()))

    def admit(self, address: str, mail_id: str, now: datetime) -> bool:
        """Count `mail_id` against its address; False when the cap is reached."""
        today = now.astimezone(UTC)
        yesterday = self._counted(address, today - timedelta(days=1))
        if mail_id in yesterday:
            return True
        allowance = self.limit - len(yesterday)
        if allowance <= 0:
            return mail_id in self._counted(address, today)
        expires = datetime.combine(today.date() + timedelta(days=2), time(), UTC)
        try:
            self.client.update_item(
                TableName=self.table,
                Key=self._key(address, today),
                UpdateExpression="ADD mail_ids :ids SET expiration = :expires",
                ConditionExpression=(
                    "attribute_not_exists(mail_ids) OR contains(mail_ids, :id)"
                    " OR size(mail_ids) < :allowance"
                ),
                ExpressionAttributeValues={
                    ":ids": {"SS": [mail_id]},
                    ":id": {"S": mail_id},
                    ":allowance": {"N": str(allowance)},
                    ":expires": {"N": str(int(expires.timestamp()))},
                },
            )
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True
