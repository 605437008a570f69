"""
What staff read and write in the cases table (adapters/cases.py describes it), beside the
case item `CASE#<reference>`, `CASE`:
- `DECISION`: the decision as recorded (`record`, JSON), `reversed_at` once reversed;
- `SOR#<puid>`: a statement of reasons waiting for the Transparency Database (`statement`,
  JSON, exactly what is submitted; `state` pending, then submitted or rejected, recorded
  by the statements worker);
- `AUDIT#<time>#<random>`: the append-only trail of staff actions.
All of them expire with the case. A decision and everything it triggers are one
transaction (domain/case_desk.py).
"""

import base64
import binascii
import json
import secrets
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError
from pydantic import TypeAdapter

from portal.adapters.aws_errors import reports_unavailability
from portal.adapters.cases import (
    DynamoCaseStore,
    case_from_item,
    case_key,
    from_attributes,
    mail_item,
    put_new,
    to_attributes,
)
from portal.domain.audit import AuditEntry
from portal.domain.case_desk import (
    CaseFile,
    CasePage,
    CaseQuery,
    DecisionWrite,
    OutboxStatement,
    Record,
)
from portal.domain.cases import Case, Routing, expires_at
from portal.domain.errors import AlreadyDecided, InvalidSubmission
from portal.domain.mail import Mail

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

_RECORD = TypeAdapter[Record](Record)


def _epoch(case: Case) -> int | None:
    moment = expires_at(case)
    return None if moment is None else int(moment.timestamp())


def _pk(reference: str) -> str:
    return f"CASE#{reference}"


def encode_cursor(key: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, sort_keys=True).encode()).decode()


def decode_cursor(cursor: str, partition: str) -> dict[str, Any]:
    """A cursor this listing gave out; anything else is a 422, not a database error."""
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, binascii.Error) as error:
        raise InvalidSubmission("cursor_invalid", field="cursor") from error
    expected = {"pk", "sk", "gsi1pk", "gsi1sk"}
    if (
        not isinstance(key, dict)
        or set(key) != expected
        or key.get("gsi1pk") != partition
        or not all(isinstance(value, str) for value in key.values())
    ):
        raise InvalidSubmission("cursor_invalid", field="cursor")
    return key


@reports_unavailability()
class DynamoStaffCaseStore:
    def __init__(self, table: str, client: "DynamoDBClient") -> None:
        self.table = table
        self.client = client
        self._cases = DynamoCaseStore(table, client)

    def get(self, reference: str) -> Case | None:
        return self._cases.get(reference)

    def _items(self, reference: str) -> Iterator[dict[str, Any]]:
        pages = self.client.get_paginator("query").paginate(
            TableName=self.table,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues=to_attributes({":pk": _pk(reference)}),
            ConsistentRead=True,
        )
        for page in pages:
            for item in page["Items"]:
                yield from_attributes(item)

    def case_file(self, reference: str) -> CaseFile | None:
        case, record = None, None
        mails, statements, history = [], [], []
        for item in self._items(reference):
            sort_key = str(item["sk"])
            if sort_key == "CASE":
                case = case_from_item(item)
            elif sort_key == "DECISION":
                record = _RECORD.validate_json(str(item["record"]))
            elif sort_key.startswith("MAIL#"):
                mails.append(_mail_view(item))
            elif sort_key.startswith("SOR#"):
                statements.append(_statement_view(item))
            elif sort_key.startswith("AUDIT#"):
                history.append(AuditEntry.model_validate_json(str(item["entry"])))
        if case is None:
            return None
        return CaseFile(case, record, mails, statements, sorted(history, key=lambda e: e.at))

    def list_cases(self, query: CaseQuery, teams: frozenset[Routing]) -> CasePage:
        partition = f"{query.kind}#{query.status}"
        first = query.received_from or date(2000, 1, 1)
        last = (query.received_to or date(2999, 12, 31)) + timedelta(days=1)
        request: dict[str, Any] = {
            "TableName": self.table,
            "IndexName": "by-kind-status",
            "KeyConditionExpression": "gsi1pk = :key AND gsi1sk BETWEEN :from AND :to",
            "FilterExpression": "routing IN ("
            + ", ".join(f":team{i}" for i in range(len(teams)))
            + ")",
            "ExpressionAttributeValues": to_attributes(
                {
                    ":key": partition,
                    ":from": datetime.combine(first, time()).isoformat(),
                    ":to": datetime.combine(last, time()).isoformat(),
                    **{f":team{i}": team.value for i, team in enumerate(sorted(teams))},
                }
            ),
            "ScanIndexForward": False,  # newest first
            "Limit": query.limit,
        }
        if query.cursor:
            request["ExclusiveStartKey"] = to_attributes(decode_cursor(query.cursor, partition))
        cases: list[Case] = []
        # A page the filter emptied is read on, so that a page is never empty while more exist.
        while True:
            found = self.client.query(**request)
            cases += [case_from_item(from_attributes(item)) for item in found["Items"]]
            last_key = found.get("LastEvaluatedKey")
            if not last_key or len(cases) >= query.limit:
                break
            request["ExclusiveStartKey"] = last_key
            request["Limit"] = query.limit - len(cases)
        cursor = encode_cursor(from_attributes(last_key)) if last_key else None
        return CasePage(cases[: query.limit], cursor)

    def append_audit(self, case: Case, entry: AuditEntry) -> None:
        self.client.put_item(
            TableName=self.table,
            Item=to_attributes(_audit_item(case.reference, entry, case)),
            ConditionExpression="attribute_not_exists(pk)",
        )

    def _outbox_keys(self, references: set[str]) -> set[str]:
        return {
            f"{item['pk']}|{item['sk']}"
            for reference in references
            for item in self._items(reference)
            if str(item["sk"]).startswith(("MAIL#", "SOR#"))
        }

    def save_decision(
        self,
        writes: Sequence[DecisionWrite],
        mails: Sequence[Mail],
        statements: Sequence[OutboxStatement],
        audit: Sequence[tuple[str, AuditEntry]],
    ) -> None:
        cases = {write.case.reference: write.case for write in writes}
        now = audit[0][1].at if audit else datetime.now().astimezone()
        actions = [action for write in writes for action in self._decision_writes(write)]
        # Only a record that replaces another (an authority's order recorded again, a
        # restoration) may find its e-mails in the outbox already: a first decision or a
        # reversal is guarded by its own condition, so no other case is read again here.
        existing = self._outbox_keys(
            {write.case.reference for write in writes if write.condition == "update"}
        )
        for mail in mails:
            item = mail_item(cases[str(mail.case_reference)], mail, now)
            if f"{item['pk']}|{item['sk']}" not in existing:
                actions.append(self._put(item))
        for statement in statements:
            item = _statement_item(cases[statement.case_reference], statement, now)
            if f"{item['pk']}|{item['sk']}" not in existing:
                actions.append(self._put(item))
        actions += [
            self._put(_audit_item(reference, entry, cases.get(reference)))
            for reference, entry in audit
        ]
        try:
            self.client.transact_write_items(TransactItems=actions)
        except ClientError as error:
            reasons = [r.get("Code") for r in error.response.get("CancellationReasons", [])]
            if "ConditionalCheckFailed" in reasons:
                # A decision written meanwhile, by someone else or by a retried request.
                raise AlreadyDecided() from error
            raise

    def _put(self, item: dict[str, Any]) -> "TransactWriteItemTypeDef":
        return put_new(self.table, item)

    def _decision_writes(self, write: DecisionWrite) -> list["TransactWriteItemTypeDef"]:
        case = write.case
        sets = {":status": case.status.value, ":gsi1pk": f"{case.kind}#{case.status}"}
        expression = "SET #status = :status, gsi1pk = :gsi1pk"
        if case.decision is not None:
            sets[":decision"] = case.decision.model_dump(mode="json")  # type: ignore[assignment]
            expression += ", #decision = :decision"
        condition = "attribute_exists(pk)"
        names = {"#status": "status"}
        if case.decision is not None or write.condition == "first":
            names["#decision"] = "decision"
        if write.condition == "first":
            condition += " AND attribute_not_exists(#decision)"
        update: TransactWriteItemTypeDef = {
            "Update": {
                "TableName": self.table,
                "Key": to_attributes(case_key(case.reference)),
                "UpdateExpression": expression,
                "ConditionExpression": condition,
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": to_attributes(sets),
            }
        }
        reversal = getattr(write.record, "reversal", None)
        record_item = {
            "pk": _pk(case.reference),
            "sk": "DECISION",
            "kind": write.record.kind,
            "record": write.record.model_dump_json(),
            "reversed_at": reversal.reversed_at.isoformat() if reversal else None,
            "expires_at": _epoch(case),
        }
        put: TransactWriteItemTypeDef = {
            "Put": {"TableName": self.table, "Item": to_attributes(record_item)}
        }
        if write.condition == "first":
            put["Put"]["ConditionExpression"] = "attribute_not_exists(pk)"
        elif write.condition == "reversal":
            put["Put"]["ConditionExpression"] = (
                "attribute_exists(pk) AND attribute_not_exists(reversed_at)"
            )
            return [put]  # the notice itself stays decided as it was; only its record changes
        return [update, put]


def _mail_view(item: dict[str, Any]) -> dict[str, Any]:
    mail = Mail.model_validate_json(str(item["mail"])) if item.get("mail") else None
    return {
        "template": item.get("template") or (mail.template.value if mail else None),
        "to": item.get("recipient") or (mail.recipient if mail else None),
        "language": item.get("language") or (mail.language if mail else None),
        "state": item.get("state"),
        "sent_at": item.get("sent_at"),
    }


def _statement_view(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "puid": str(item["sk"]).removeprefix("SOR#"),
        "state": item.get("state"),
        "queued_at": item.get("queued_at"),
        "submitted_at": item.get("submitted_at"),
        "database_uuid": item.get("database_uuid"),
        "rejected_at": item.get("rejected_at"),
        "database_message": item.get("database_message"),
    }


def _statement_item(case: Case, statement: OutboxStatement, now: datetime) -> dict[str, Any]:
    return {
        "pk": _pk(statement.case_reference),
        "sk": f"SOR#{statement.puid}",
        "statement": json.dumps(statement.statement, ensure_ascii=False, sort_keys=True),
        "state": "pending",
        "queued_at": now.isoformat(),
        "expires_at": _epoch(case),
    }


def _audit_item(reference: str, entry: AuditEntry, case: Case | None) -> dict[str, Any]:
    return {
        "pk": _pk(reference),
        "sk": f"AUDIT#{entry.at.isoformat()}#{secrets.token_hex(4)}",
        "entry": entry.model_dump_json(),
        "expires_at": _epoch(case) if case else None,
    }
