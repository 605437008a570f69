"""
Cases in DynamoDB: one table, designed for legal staff's access patterns.

Items (pk, sk):
- `CASE#<reference>`, `CASE`: the case. GSI `by-kind-status` (gsi1pk `<kind>#<status>`,
  gsi1sk `<received_at>#<reference>`) lists e.g. every notice still `received`, newest
  last; GSI `by-month` (gsi2pk `<YYYY-MM>`, gsi2sk the same) lists a month's cases.
- `CASE#<reference>`, `MAIL#<template>`: an e-mail to send (the outbox), `state` one of
  domain.mail.MailState. The table's stream carries each new one to the mail queue
  (workers/case_events.py). A case whose acknowledgements were held back by the
  per-address cap carries `acknowledgements_held_back = true`.
- `SUBMISSION#<submission id>`, `CLAIM`: which case a submission created, so that a
  retried submission never opens a second case.
- `UPLOAD#<upload id>`, `CLAIM`: the one case an attachment belongs to, written with the
  case; it lives as long as the case may (confirmed authority messages included), so an
  upload is never attached to a second case.
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

from portal.domain.cases import RETENTION, Case, CaseStatus, expires_at
from portal.domain.errors import AttachmentInUse, ReferenceTaken
from portal.domain.mail import Mail, MailState

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


def case_item(case: Case) -> dict[str, Any]:
    received = case.received_at.isoformat()
    data = case.model_dump(mode="json", exclude={"details"})
    if data.get("confirmation"):
        # A string set at the top level, so the mail worker can ADD a link's hash to it.
        hashes = data["confirmation"].pop("token_hashes")
        data["confirmation_hashes"] = set(hashes) or None
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
    if "confirmation" in fields:
        confirmation = dict(fields["confirmation"])
        hashes = set(item.get("confirmation_hashes", ()))
        # Cases stored before the mail worker made the tokens kept one hash in the map.
        legacy = confirmation.pop("token_hash", None)
        hashes.update([legacy] if legacy else [])
        fields["confirmation"] = {**confirmation, "token_hashes": tuple(sorted(hashes))}
    return Case.model_validate(fields)


def upload_claim_item(case: Case, upload_id: str) -> dict[str, Any]:
    return {
        "pk": f"UPLOAD#{upload_id}",
        "sk": "CLAIM",
        "reference": case.reference,
        "submission_id": case.submission_id,
        # The longest the case can live: an authority message's TTL grows on confirmation.
        "expires_at": int((case.received_at + RETENTION[case.kind]).timestamp()),
    }


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
        claim = {
            "pk": f"SUBMISSION#{case.submission_id}",
            "sk": "CLAIM",
            "reference": case.reference,
            "expires_at": int(expires_at(case).timestamp()),
        }
        writes = [self._put(claim), self._put(case_item(case))]
        writes += [self._put(mail_item(case, mail, case.received_at)) for mail in mails]
        # Upload claims go last: their cancellation reasons are the list's tail.
        uploads = [self._put(upload_claim_item(case, id_)) for id_ in case.attachments]
        try:
            self.client.transact_write_items(TransactItems=writes + uploads)
        except ClientError as error:
            reasons = [r.get("Code") for r in error.response.get("CancellationReasons", [])]
            if reasons[:1] == ["ConditionalCheckFailed"]:
                return self._claimed(case.submission_id)
            if reasons[1:2] == ["ConditionalCheckFailed"]:
                raise ReferenceTaken(case.reference) from error
            for index, reason in enumerate(reasons[len(writes) :]):
                if reason == "ConditionalCheckFailed":
                    raise AttachmentInUse(field=f"attachments.{index}") from error
            raise
        return case

    def _claimed(self, submission_id: str) -> Case:
        claim = self.client.get_item(
            TableName=self.table,
            Key=to_attributes({"pk": f"SUBMISSION#{submission_id}", "sk": "CLAIM"}),
            ConsistentRead=True,
        )
        reference = str(from_attributes(claim["Item"])["reference"])
        stored = self.get(reference)
        if stored is None:
            raise LookupError(f"submission {submission_id} claims a missing case")
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
        writes = [update, *(self._put(mail_item(case, mail, confirmed_at)) for mail in mails)]
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

    def add_confirmation_token(self, reference: str, token_hash: str) -> bool:
        """
        Record the hash of a confirmation link about to be mailed; False when the case
        is no longer awaiting confirmation (confirmed meanwhile, or deleted).
        """
        try:
            self.client.update_item(
                TableName=self.table,
                Key=to_attributes(case_key(reference)),
                UpdateExpression="ADD confirmation_hashes :hash",
                ConditionExpression="#status = :awaiting",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={
                    ":hash": {"SS": [token_hash]},
                    ":awaiting": {"S": str(CaseStatus.AWAITING_CONFIRMATION)},
                },
            )
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def mark_mail_sent(
        self, reference: str, template: str, sent_at: datetime, message_id: str | None = None
    ) -> None:
        self.mark_mail(reference, template, MailState.SENT, sent_at, message_id)

    def mark_mail(
        self,
        reference: str,
        template: str,
        state: MailState,
        at: datetime,
        message_id: str | None = None,
    ) -> None:
        """
        Record what became of an outbox e-mail. A sent one keeps no body; a held-back one
        keeps it, and its case is flagged so staff see it. An outbox item already gone
        (deleted with its case) is left alone.
        """
        if state is MailState.HELD_BACK:
            self._flag_held_back(reference)
        sent = state is MailState.SENT
        values: dict[str, Any] = {":state": str(state), ":at": at.isoformat()}
        sets = ["#state = :state", "sent_at = :at" if sent else "updated_at = :at"]
        if message_id:
            sets.append("ses_message_id = :id")
            values[":id"] = message_id
        update = "SET " + ", ".join(sets) + (" REMOVE mail" if sent else "")
        try:
            self.client.update_item(
                TableName=self.table,
                Key=to_attributes({"pk": f"CASE#{reference}", "sk": f"MAIL#{template}"}),
                UpdateExpression=update,
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeNames={"#state": "state"},
                ExpressionAttributeValues=to_attributes(values),
            )
        except ClientError as error:
            if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise

    def _flag_held_back(self, reference: str) -> None:
        try:
            self.client.update_item(
                TableName=self.table,
                Key=to_attributes(case_key(reference)),
                UpdateExpression="SET acknowledgements_held_back = :yes",
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeValues=to_attributes({":yes": True}),
            )
        except ClientError as error:
            if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
