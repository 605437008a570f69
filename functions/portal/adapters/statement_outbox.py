"""
Each statement of reasons' state on its case, in the cases table: the item
`CASE#<reference>`, `SOR#<puid>` that the decision wrote (`statement`, `state = pending`,
`queued_at`; STAFF_CONTRACT.md §3) gains `submitted_at` and `database_uuid` once the
Transparency Database stored it, or `rejected_at` and `database_message` once it refused
it. The staff console shows both.
"""

from datetime import datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from portal.adapters.aws_errors import reports_unavailability
from portal.domain.statement_submission import SubmissionState

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


def statement_key(reference: str, puid: str) -> dict[str, Any]:
    return {"pk": {"S": f"CASE#{reference}"}, "sk": {"S": f"SOR#{puid}"}}


@reports_unavailability()
class DynamoStatementOutbox:
    def __init__(self, table: str, client: "DynamoDBClient") -> None:
        self.table = table
        self.client = client

    def state(self, reference: str, puid: str) -> SubmissionState | None:
        """The statement's state; None if the table holds no such statement."""
        item = self.client.get_item(
            TableName=self.table,
            Key=statement_key(reference, puid),
            ProjectionExpression="#state",
            ExpressionAttributeNames={"#state": "state"},
            ConsistentRead=True,
        ).get("Item")
        if item is None:
            return None
        return SubmissionState(item.get("state", {}).get("S", SubmissionState.PENDING))

    def _settle(self, reference: str, puid: str, state: SubmissionState, **values: str) -> bool:
        names = {"#state": "state", **{f"#{name}": name for name in values}}
        attributes = {
            ":state": {"S": state.value},
            ":pending": {"S": SubmissionState.PENDING.value},
            **{f":{name}": {"S": value} for name, value in values.items()},
        }
        sets = ", ".join(["#state = :state", *(f"#{name} = :{name}" for name in values)])
        try:
            self.client.update_item(
                TableName=self.table,
                Key=statement_key(reference, puid),
                UpdateExpression=f"SET {sets}",
                # Only a statement the decision stored, and never settled otherwise before:
                # no item is made up, and a submitted statement is never marked rejected.
                ConditionExpression="attribute_exists(pk) AND (#state = :pending OR #state = :state)",
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=attributes,
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def mark_submitted(
        self, reference: str, puid: str, at: datetime, database_uuid: str | None
    ) -> bool:
        """Record the statement as stored by the database; False if it is not pending."""
        values = {"submitted_at": at.isoformat()}
        if database_uuid:
            values["database_uuid"] = database_uuid
        return self._settle(reference, puid, SubmissionState.SUBMITTED, **values)

    def mark_rejected(self, reference: str, puid: str, at: datetime, message: str) -> bool:
        """Record the database's refusal, for staff; False if the statement is not pending."""
        return self._settle(
            reference,
            puid,
            SubmissionState.REJECTED,
            rejected_at=at.isoformat(),
            database_message=message,
        )
