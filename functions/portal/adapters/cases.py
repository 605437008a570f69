"""
Cases in DynamoDB: one table, designed for legal staff's access patterns.

Items (pk, sk):
- `CASE#<reference>`, `CASE`: the case. GSI `by-kind-status` (gsi1pk `<kind>#<status>`,
  gsi1sk `<received_at>#<reference>`) lists e.g. every notice still `received`, newest
  last; GSI `by-month` (gsi2pk `<YYYY-MM>`, gsi2sk the same) lists a month's cases.
- `CASE#<reference>`, `MAIL#<template>`: an e-mail to send (the outbox). The table's
  stream carries each new one to the mail queue (workers/case_events.py).
- `SUBMISSION#<kind>#<submission id>`, `CLAIM`: which case a submission created on one
  form, and the fingerprint of its content, kept as long as the case: a retry never opens
  a second case, other content under the same ID is refused, another form's ID is not ours.
- `CHALLENGE#<hash>`, `USED`: a proof-of-work solution already spent.
All items carry `expires_at` (epoch seconds), the table's TTL attribute.
"""

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from portal.domain.cases import Case, CaseStatus, expires_at
from portal.domain.errors import ReferenceTaken, SubmissionIdReused
from portal.domain.mail import Mail

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

OUTBOX_RETENTION = timedelta(days=90)
_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


def to_attributes(item: dict[str, Any]) -> dict[str, Any]:
    return {key: _serializer.serialize(value) for key, value in item.items() if value is not None}


def from_attributes(attributes: dict[str, Any]) -> dict[str, Any]:
    return {key: _deserializer.deserialize(value) for key, value in attributes.items()}


def case_key(reference: str) -> dict[str, str]:
    return {"pk": f"CASE#{reference}", "sk": "CASE"}


def claim_key(case: Case) -> dict[str, str]:
    return {"pk": f"SUBMISSION#{case.kind}#{case.submission_id}", "sk": "CLAIM"}


def claim_item(case: Case) -> dict[str, Any]:
    return {
        **claim_key(case),
        "reference": case.reference,
        "fingerprint": case.fingerprint,
        "expires_at": int(expires_at(case).timestamp()),
    }


def case_item(case: Case) -> dict[str, Any]:
    received = case.received_at.isoformat()
    data = case.model_dump(mode="json", exclude={"details"})
    return {
        **case_key(case.reference),
        **{key: value for key, value in data.items() if value not in (None, [], ())},
        "details": json.dumps(case.details, ensure_ascii=False, sort_keys=True),
        "gsi1pk": f"{case.kind}#{case.status}",
        "gsi1sk": f"{received}#{case.reference}",
        "gsi2pk": received[:7],
        "gsi2sk": f"{received}#{case.reference}",
        "expires_at": int(expires_at(case).timestamp()),
    }


def case_from_item(item: dict[str, Any]) -> Case:
    fields = {key: value for key, value in item.items() if key in Case.model_fields}
    fields["details"] = json.loads(item["details"])
    fields["attachments"] = tuple(item.get("attachments", ()))
    return Case.model_validate(fields)


def mail_item(case: Case, mail: Mail, now: datetime) -> dict[str, Any]:
    return {
        "pk": f"CASE#{case.reference}",
        "sk": f"MAIL#{mail.template}",
        "mail": mail.model_dump_json(),
        "state": "pending",
        "expires_at": int((now + OUTBOX_RETENTION).timestamp()),
    }


class DynamoCaseStore:
    def __init__(self, table: str, client: "DynamoDBClient | None" = None) -> None:
        self.table = table
        self._client = client

    @property
    def client(self) -> "DynamoDBClient":
        if self._client is None:
            self._client = boto3.client("dynamodb")
        return self._client

    def _put(self, item: dict[str, Any]) -> "TransactWriteItemTypeDef":
        return {
            "Put": {
                "TableName": self.table,
                "Item": to_attributes(item),
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }

    def add(self, case: Case, mails: Sequence[Mail]) -> Case:
        writes = [self._put(claim_item(case)), self._put(case_item(case))]
        writes += [self._put(mail_item(case, mail, case.received_at)) for mail in mails]
        try:
            self.client.transact_write_items(TransactItems=writes)
        except ClientError as error:
            reasons = [r.get("Code") for r in error.response.get("CancellationReasons", [])]
            if reasons[:1] == ["ConditionalCheckFailed"]:
                return self._claimed(case)
            if reasons[1:2] == ["ConditionalCheckFailed"]:
                raise ReferenceTaken(case.reference) from error
            raise
        return case

    def _claimed(self, case: Case) -> Case:
        """The case that claimed this submission before, if the content is the same."""
        found = self.client.get_item(
            TableName=self.table, Key=to_attributes(claim_key(case)), ConsistentRead=True
        )
        claim = from_attributes(found.get("Item", {}))
        if claim.get("fingerprint") != case.fingerprint:
            raise SubmissionIdReused(field="submission_id")
        stored = self.get(str(claim["reference"]))
        if stored is None:  # the case has expired, its claim not yet: the ID stays spent
            raise SubmissionIdReused(field="submission_id")
        return stored

    def get(self, reference: str) -> Case | None:
        found = self.client.get_item(
            TableName=self.table, Key=to_attributes(case_key(reference)), ConsistentRead=True
        )
        if "Item" not in found:
            return None
        return case_from_item(from_attributes(found["Item"]))

    def confirm(self, case: Case, confirmed_at: datetime, mails: Sequence[Mail]) -> Case:
        confirmed = case.model_copy(
            update={"status": CaseStatus.RECEIVED, "confirmed_at": confirmed_at}
        )
        item = case_item(confirmed)
        update: TransactWriteItemTypeDef = {
            "Update": {
                "TableName": self.table,
                "Key": to_attributes(case_key(case.reference)),
                "UpdateExpression": (
                    "SET #status = :status, confirmed_at = :at, gsi1pk = :gsi1pk,"
                    " expires_at = :expires"
                ),
                "ConditionExpression": "#status = :awaiting",
                "ExpressionAttributeNames": {"#status": "status"},
                "ExpressionAttributeValues": to_attributes(
                    {
                        ":status": str(CaseStatus.RECEIVED),
                        ":at": confirmed_at.isoformat(),
                        ":gsi1pk": item["gsi1pk"],
                        ":expires": item["expires_at"],
                        ":awaiting": str(CaseStatus.AWAITING_CONFIRMATION),
                    }
                ),
            }
        }
        # The claim is kept as long as the case, whose retention changes once confirmed.
        claim: TransactWriteItemTypeDef = {
            "Put": {"TableName": self.table, "Item": to_attributes(claim_item(confirmed))}
        }
        writes = [
            update,
            claim,
            *(self._put(mail_item(case, mail, confirmed_at)) for mail in mails),
        ]
        try:
            self.client.transact_write_items(TransactItems=writes)
        except ClientError as error:
            reasons = [r.get("Code") for r in error.response.get("CancellationReasons", [])]
            if "ConditionalCheckFailed" in reasons:
                current = self.get(case.reference)
                if current is not None and current.confirmed_at is not None:
                    return current  # confirmed meanwhile by the same link
            raise
        return confirmed

    def spend_challenge(self, key: str, submission_id: str, until: datetime) -> bool:
        """Record a proof-of-work solution as spent; False if another submission spent it."""
        try:
            self.client.put_item(
                TableName=self.table,
                Item=to_attributes(
                    {
                        "pk": f"CHALLENGE#{key}",
                        "sk": "USED",
                        "submission_id": submission_id,
                        "expires_at": int(until.timestamp()),
                    }
                ),
                ConditionExpression="attribute_not_exists(pk) OR submission_id = :id",
                ExpressionAttributeValues=to_attributes({":id": submission_id}),
            )
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def mark_mail_sent(self, reference: str, template: str, sent_at: datetime) -> None:
        self.client.update_item(
            TableName=self.table,
            Key=to_attributes({"pk": f"CASE#{reference}", "sk": f"MAIL#{template}"}),
            UpdateExpression="SET #state = :sent, sent_at = :at REMOVE mail",
            ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeNames={"#state": "state"},
            ExpressionAttributeValues=to_attributes({":sent": "sent", ":at": sent_at.isoformat()}),
        )
