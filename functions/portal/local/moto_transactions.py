"""
DynamoDB transactions for the embedded AWS of `make serve` that roll back only what they
wrote. moto 5 deep-copies the whole table once per operation of a transaction, to restore
it if the transaction is cancelled: a submission's four writes copied every item ever
stored four times, 0.2 s per submission after a hundred, and all of moto waited on it
(benchmarks/serve_load.py). This keeps moto's checks, order and cancellation reasons,
but remembers each item an operation is about to change and the stream's length: a
cancelled transaction puts those items back and forgets its stream records, in the same
table object (a stream reader keeps reading the table that is there).
"""

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.dynamo_type import DynamoType, Item
    from moto.dynamodb.models.table import Table

OPERATIONS = frozenset({"ConditionCheck", "Put", "Delete", "Update"})


@dataclass
class _Journal:
    """What a transaction changed: items as they were, and each stream's length."""

    items: list[tuple["Table", "DynamoType", "DynamoType | None", "Item | None"]] = field(
        default_factory=list
    )
    streams: dict[int, tuple["Table", int]] = field(default_factory=dict)

    def remember(self, table: "Table", key: dict[str, Any]) -> None:
        if id(table) not in self.streams and table.stream_shard is not None:
            self.streams[id(table)] = (table, len(table.stream_shard.items))
        hash_value, range_value = _key_values(table, key)
        before = table.get_item(hash_value, range_value)
        # An update changes the item in place: keep a copy, of this one item only.
        self.items.append((table, hash_value, range_value, copy.deepcopy(before)))

    def roll_back(self) -> None:
        for table, hash_value, range_value, before in reversed(self.items):
            _restore(table, hash_value, range_value, before)
        for table, length in self.streams.values():
            if table.stream_shard is not None:
                del table.stream_shard.items[length:]


def _key_values(table: "Table", key: dict[str, Any]) -> tuple["DynamoType", "DynamoType | None"]:
    from moto.dynamodb.models.dynamo_type import DynamoType

    range_attr = table.range_key_attr
    return (
        DynamoType(key[table.hash_key_attr]),
        DynamoType(key[range_attr]) if range_attr is not None else None,
    )


def _restore(
    table: "Table", hash_value: "DynamoType", range_value: "DynamoType | None", item: "Item | None"
) -> None:
    """Put an item back as it was, or remove it if it did not exist: no stream record."""
    if range_value is None:
        if item is None:
            table.items.pop(hash_value, None)
        else:
            table.items[hash_value] = item  # as moto does
        return
    ranges = table.items[hash_value]
    if item is None:
        ranges.pop(range_value, None)
        if not ranges:
            del table.items[hash_value]
    else:
        ranges[range_value] = item


def transact_write_items(backend: "DynamoDBBackend", transact_items: list[dict[str, Any]]) -> None:
    """moto's DynamoDBBackend.transact_write_items (moto 5.2), rolled back by journal."""
    from moto.dynamodb.comparisons import get_filter_expression
    from moto.dynamodb.exceptions import (
        ConditionalCheckFailed,
        MockValidationException,
        MultipleTransactionsException,
        TooManyTransactionsException,
        TransactionCanceledException,
        TransactWriteSingleOpException,
    )

    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    journal = _Journal()
    targets: set[tuple[str, str]] = set()
    errors: list[tuple[str | None, str | None, dict[str, Any] | None]] = []
    for item in transact_items:
        if len(item) > 1:
            journal.roll_back()  # moto kept the operations before this one
            raise TransactWriteSingleOpException
        original: dict[str, Any] | None = None
        try:
            op_type, op = next(iter(item.items()))
            if op_type not in OPERATIONS:
                raise ValueError("Unsupported transaction operation")
            table_name = op["TableName"]
            condition = op.get("ConditionExpression")
            names = op.get("ExpressionAttributeNames")
            values = op.get("ExpressionAttributeValues")
            if op_type == "Put":
                attrs = op["Item"]
                table = backend.get_table(table_name)
                key = {table.hash_key_attr: attrs[table.hash_key_attr]}
                if table.range_key_attr is not None:
                    key[table.range_key_attr] = attrs[table.range_key_attr]
            else:
                key = op["Key"]
            # No two operations on one item (moto's check, by the same spelling).
            target = (str(table_name), str(dict(sorted(key.items()))))
            if target in targets:
                raise MultipleTransactionsException()
            targets.add(target)

            current = backend.get_item(table_name, key)
            check = get_filter_expression(condition, names, values) if condition else None
            if check is not None and not check.expr(current):
                on_failure = op.get("ReturnValuesOnConditionCheckFailure")
                if on_failure == "ALL_OLD" and current:
                    original = current.to_json()["Attributes"]
                raise ConditionalCheckFailed(item=original)

            if op_type != "ConditionCheck":
                journal.remember(backend.get_table(table_name), key)
            expression: dict[str, Any] = {
                "condition_expression": condition,
                "expression_attribute_names": names,
                "expression_attribute_values": values,
            }
            if op_type == "Put":
                backend.put_item(table_name, op["Item"], **expression)
            elif op_type == "Delete":
                backend.delete_item(table_name, key, **expression)
            elif op_type == "Update":
                backend.update_item(
                    table_name, key, update_expression=op["UpdateExpression"], **expression
                )
            errors.append((None, None, None))
        except (MultipleTransactionsException, MockValidationException):
            journal.roll_back()
            raise
        except ConditionalCheckFailed as error:
            errors.append(("ConditionalCheckFailed", str(error.message), original))
        except Exception as error:  # moto reports it as a cancellation reason
            errors.append((type(error).__name__, str(error), original))

    if any(code is not None for code, _, _ in errors):
        journal.roll_back()
        raise TransactionCanceledException(errors)


def install() -> None:
    """Make every DynamoDB backend of this process roll transactions back by journal."""
    from moto.dynamodb.models import DynamoDBBackend

    setattr(DynamoDBBackend, "transact_write_items", transact_write_items)  # noqa: B010
