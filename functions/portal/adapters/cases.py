"""
Cases in DynamoDB: one table, designed for legal staff's access patterns.

Items (pk, sk):
- `CASE#<reference>`, `CASE`: the case. GSI `by-kind-status` (gsi1pk `<kind>#<status>`,
  gsi1sk `<received_at>#<reference>`) lists e.g. every notice still `received`, newest
  last; GSI `by-month` (gsi2pk `<YYYY-MM>`, gsi2sk the same) lists a month's cases.
- `CASE#<reference>`, `MAIL#<key>` (domain.mail.Mail.outbox_key): an e-mail to send (the
  outbox), `state` one of
  domain.mail.MailState. The table's stream carries each new one to the mail queue
  (workers/case_events.py). A case whose acknowledgements were held back by the
  per-address cap carries `acknowledgements_held_back = true`.
  While it is pending it carries `outbox_pending` and `outbox_since`, the keys of the
  sparse GSI `outbox-pending`, from which the sweeper (workers/sweep_outbox.py) queues it
  again.
- `SUBMISSION#<kind>#<submission id>`, `CLAIM`: which case a submission created on one
  form, and the fingerprint of its content, kept as long as the case: a retry never opens
  a second case, other content under the same ID is refused, another form's ID is not ours.
- `UPLOAD#<upload id>`, `CLAIM`: the one case an attachment belongs to, written with the
  case; it lives as long as the case may (confirmed authority messages included), so an
  upload is never attached to a second case.
- `CHALLENGE#<hash>`, `USED`: a proof-of-work solution already spent.
Items carry `expires_at` (epoch seconds), the table's TTL attribute, unless they are kept
until staff decide (domain/cases.py).
"""

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import BotoCoreError, ClientError

from portal.adapters.aws_errors import reports_unavailability
from portal.domain.cases import RETENTION, Case, CaseKind, CaseStatus, expires_at
from portal.domain.errors import (
    AttachmentInUse,
    ConfirmationFailed,
    ReferenceTaken,
    ServiceUnavailable,
    SubmissionIdReused,
)
from portal.domain.mail import MAX_SWEEPS, Mail, MailState
from portal.domain.statement_submission import QueuedStatement

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

OUTBOX_RETENTION = timedelta(days=90)
OUTBOX_INDEX = "outbox-pending"
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
        "expires_at": _epoch(expires_at(case)),
    }


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
        "expires_at": _epoch(expires_at(case)),
    }


def _epoch(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp())


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
        "sk": f"MAIL#{mail.outbox_key}",
        "mail": mail.model_dump_json(),
        # Kept once the e-mail is sent (and its body dropped): staff see what went to whom.
        "template": mail.template.value,
        "recipient": mail.recipient,
        "language": mail.language,
        "state": str(MailState.PENDING),
        "outbox_pending": str(MailState.PENDING),
        "outbox_since": now.isoformat(),
        "expires_at": int((now + OUTBOX_RETENTION).timestamp()),
    }


def put_new(table: str, item: dict[str, Any]) -> "TransactWriteItemTypeDef":
    """A transaction's write of an item that must not exist yet."""
    return {
        "Put": {
            "TableName": table,
            "Item": to_attributes(item),
            "ConditionExpression": "attribute_not_exists(pk)",
        }
    }


@reports_unavailability()
class DynamoCaseStore:
    def __init__(self, table: str, client: "DynamoDBClient") -> None:
        self.table = table
        self.client = client

    def _put(self, item: dict[str, Any]) -> "TransactWriteItemTypeDef":
        return put_new(self.table, item)

    def add(self, case: Case, mails: Sequence[Mail]) -> Case:
        writes = [self._put(claim_item(case)), self._put(case_item(case))]
        writes += [self._put(mail_item(case, mail, case.received_at)) for mail in mails]
        # Upload claims go last: their cancellation reasons are the list's tail.
        uploads = [self._put(upload_claim_item(case, id_)) for id_ in case.attachments]
        try:
            self.client.transact_write_items(TransactItems=writes + uploads)
        except ClientError as error:
            reasons = [r.get("Code") for r in error.response.get("CancellationReasons", [])]
            if reasons[:1] == ["ConditionalCheckFailed"]:
                return self._claimed(case)
            if reasons[1:2] == ["ConditionalCheckFailed"]:
                raise ReferenceTaken(case.reference) from error
            for index, reason in enumerate(reasons[len(writes) :]):
                if reason == "ConditionalCheckFailed":
                    raise AttachmentInUse(field=f"attachments.{index}") from error
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
                if current is None or current.status is not CaseStatus.AWAITING_CONFIRMATION:
                    raise ConfirmationFailed() from error  # deleted, or no longer awaiting
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

    def is_mail_settled(self, reference: str, template: str) -> bool:
        """
        Whether the outbox records this e-mail as sent, held back or no longer needed: it
        is then never sent again.
        """
        found = self.client.get_item(
            TableName=self.table,
            Key=to_attributes({"pk": f"CASE#{reference}", "sk": f"MAIL#{template}"}),
            ProjectionExpression="#state",
            ExpressionAttributeNames={"#state": "state"},
            ConsistentRead=True,
        )
        state = from_attributes(found.get("Item", {})).get("state")
        return state is not None and state != MailState.PENDING

    def pending_mails(self, queued_before: datetime) -> Iterator[Mail]:
        """The outbox's e-mails still pending that were stored before `queued_before`."""
        paginator = self.client.get_paginator("query")
        pages = paginator.paginate(
            TableName=self.table,
            IndexName=OUTBOX_INDEX,
            KeyConditionExpression="outbox_pending = :pending AND outbox_since < :before",
            ExpressionAttributeValues=to_attributes(
                {":pending": str(MailState.PENDING), ":before": queued_before.isoformat()}
            ),
        )
        for page in pages:
            for item in page["Items"]:
                mail = from_attributes(item).get("mail")
                if mail:
                    yield Mail.model_validate_json(str(mail))

    def count_sweep(self, reference: str, template: str, at: datetime) -> bool:
        """
        Count one more sweep of a pending e-mail; False once it has had MAX_SWEEPS, when it
        is recorded as failed instead (it leaves the sweeper's index).
        """
        key = to_attributes({"pk": f"CASE#{reference}", "sk": f"MAIL#{template}"})
        try:
            self.client.update_item(
                TableName=self.table,
                Key=key,
                UpdateExpression="ADD outbox_sweeps :one",
                ConditionExpression=(
                    "#state = :pending AND (attribute_not_exists(outbox_sweeps)"
                    " OR outbox_sweeps < :max)"
                ),
                ExpressionAttributeNames={"#state": "state"},
                ExpressionAttributeValues=to_attributes(
                    {":one": 1, ":pending": str(MailState.PENDING), ":max": MAX_SWEEPS}
                ),
            )
        except ClientError as error:
            if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
            if not self.is_mail_settled(reference, template):
                self.mark_mail(reference, template, MailState.FAILED, at)
            return False
        return True

    def _query_index(self, index: str, condition: str, values: dict[str, Any]) -> Iterator[Case]:
        """The cases a key condition selects on one of the table's indexes, page by page."""
        pages = self.client.get_paginator("query").paginate(
            TableName=self.table,
            IndexName=index,
            KeyConditionExpression=condition,
            ExpressionAttributeValues=to_attributes(values),
        )
        for page in pages:
            for item in page["Items"]:
                yield case_from_item(from_attributes(item))

    def cases_in_status(
        self, kind: CaseKind, status: CaseStatus, received_from: datetime, received_to: datetime
    ) -> Iterator[Case]:
        """Cases of a kind in a status received between two moments (index by-kind-status)."""
        yield from self._query_index(
            "by-kind-status",
            "gsi1pk = :key AND gsi1sk BETWEEN :from AND :to",
            {
                ":key": f"{kind}#{status}",
                ":from": received_from.isoformat(),
                ":to": received_to.isoformat(),
            },
        )

    def cases_received(self, received_from: datetime, received_to: datetime) -> Iterator[Case]:
        """Every case received between two moments, month by month (index by-month)."""
        month = received_from.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        while month <= received_to:
            yield from self._query_index(
                "by-month",
                "gsi2pk = :month AND gsi2sk BETWEEN :from AND :to",
                {
                    ":month": month.strftime("%Y-%m"),
                    ":from": received_from.isoformat(),
                    ":to": received_to.isoformat(),
                },
            )
            month = (month + timedelta(days=32)).replace(day=1)

    def add_mail(self, case: Case, mail: Mail, now: datetime) -> bool:
        """Store an e-mail of a case once ever; False if the outbox already has it."""
        try:
            self.client.put_item(
                TableName=self.table,
                Item=to_attributes(mail_item(case, mail, now)),
                ConditionExpression="attribute_not_exists(pk)",
            )
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True

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
        keeps it, and its case is flagged so staff see it; neither is swept again. An outbox item already gone
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
        # Only a pending e-mail stays in the sweeper's index; only a sent one drops its body.
        removes = [] if state is MailState.PENDING else ["outbox_pending", "outbox_since"]
        removes += ["mail"] if sent else []
        update = "SET " + ", ".join(sets) + (" REMOVE " + ", ".join(removes) if removes else "")
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

    def try_mark_mail_sent(
        self, reference: str, template: str, sent_at: datetime, message_id: str
    ) -> bool:
        """
        Record an e-mail SES accepted, if the table answers; False if it did not. For the
        mail worker's first record, made before anything else can fail (workers/send_mail.py).
        """
        try:
            self.mark_mail(reference, template, MailState.SENT, sent_at, message_id)
        except (ClientError, BotoCoreError, ServiceUnavailable):
            return False
        return True

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


@dataclass(frozen=True)
class TableChange:
    """
    What one record of the cases table's stream says happened, in the domain's words: an
    e-mail stored in the outbox, a statement of reasons stored in it, a case stored, a case
    removed (its TTL passed), or nothing the workers act on.
    """

    what: Literal["mail_stored", "statement_stored", "case_stored", "case_removed", "other"]
    reference: str = ""
    mail: Mail | None = None
    attachments: tuple[str, ...] = ()
    statement: QueuedStatement | None = None


def read_change(
    event_name: str, keys: Mapping[str, Any], new: Mapping[str, Any], old: Mapping[str, Any]
) -> TableChange:
    """A stream record (INSERT, MODIFY or REMOVE, with deserialized images) as a change."""
    sort_key = str(keys.get("sk", ""))
    reference = str(keys.get("pk", "")).removeprefix("CASE#")
    if event_name == "INSERT" and sort_key.startswith("MAIL#"):
        return TableChange("mail_stored", reference, Mail.model_validate_json(new["mail"]))
    if event_name == "INSERT" and sort_key.startswith("SOR#"):
        queued = QueuedStatement(
            reference=reference,
            puid=sort_key.removeprefix("SOR#"),
            statement=json.loads(new["statement"]),
        )
        return TableChange("statement_stored", reference, statement=queued)
    if event_name == "INSERT" and sort_key == "CASE":
        attachments = tuple(str(upload_id) for upload_id in new.get("attachments", []))
        return TableChange("case_stored", reference, attachments=attachments)
    if event_name == "REMOVE" and sort_key == "CASE":
        attachments = tuple(str(upload_id) for upload_id in old.get("attachments", []))
        return TableChange("case_removed", reference, attachments=attachments)
    return TableChange("other", reference)
