"""
The embedded AWS's DynamoDB transactions (local/moto_transactions.py): a cancelled one
leaves items and stream exactly as they were, in the same table, as moto's own table copy
did, and a stream reader goes on seeing later writes.
"""

from typing import Any

import boto3
import pytest
from moto.dynamodb.models import DynamoDBBackend

from portal.local import moto_transactions

TABLE = "journal-7f3a"


@pytest.fixture
def dynamodb(aws: None, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(
        DynamoDBBackend, "transact_write_items", moto_transactions.transact_write_items
    )
    client = boto3.client("dynamodb")
    client.create_table(
        TableName=TABLE,
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    return client


def put(pk: str, condition: str | None = "attribute_not_exists(pk)") -> dict[str, Any]:
    write: dict[str, Any] = {"TableName": TABLE, "Item": {"pk": {"S": pk}, "sk": {"S": "A"}}}
    if condition:
        write["ConditionExpression"] = condition
    return {"Put": write}


def update_status(pk: str, status: str) -> dict[str, Any]:
    return {
        "Update": {
            "TableName": TABLE,
            "Key": {"pk": {"S": pk}, "sk": {"S": "A"}},
            "UpdateExpression": "SET #s = :s",
            "ExpressionAttributeNames": {"#s": "status"},
            "ExpressionAttributeValues": {":s": {"S": status}},
        }
    }


def items(client: Any) -> dict[str, dict[str, Any]]:
    return {item["pk"]["S"]: item for item in client.scan(TableName=TABLE)["Items"]}


def stream_events(client: Any) -> list[tuple[str, str]]:
    streams = boto3.client("dynamodbstreams")
    arn = client.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(
        StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]
    records = streams.get_records(ShardIterator=iterator)["Records"]
    return [(r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"]) for r in records]


def test_a_cancelled_transaction_leaves_items_and_stream_as_they_were(dynamodb: Any) -> None:
    dynamodb.transact_write_items(TransactItems=[put("kept"), put("replaced"), put("taken")])
    dynamodb.update_item(**update_status("kept", "old")["Update"])
    dynamodb.update_item(**update_status("replaced", "old")["Update"])
    before = (items(dynamodb), stream_events(dynamodb))

    with pytest.raises(dynamodb.exceptions.TransactionCanceledException) as cancelled:
        dynamodb.transact_write_items(
            TransactItems=[
                put("new"),
                update_status("kept", "changed"),
                put("replaced", None),
                put("new-too"),
                put("taken"),
            ]
        )

    reasons = [r["Code"] for r in cancelled.value.response["CancellationReasons"]]
    assert reasons == ["None", "None", "None", "None", "ConditionalCheckFailed"]
    assert (items(dynamodb), stream_events(dynamodb)) == before
    assert before[0]["kept"]["status"] == before[0]["replaced"]["status"] == {"S": "old"}


def test_writes_after_a_cancelled_transaction_reach_the_stream(dynamodb: Any) -> None:
    dynamodb.transact_write_items(TransactItems=[put("first")])
    with pytest.raises(dynamodb.exceptions.TransactionCanceledException):
        dynamodb.transact_write_items(TransactItems=[put("lost"), put("first")])

    dynamodb.transact_write_items(TransactItems=[put("later"), update_status("first", "done")])

    assert stream_events(dynamodb) == [
        ("INSERT", "first"),
        ("INSERT", "later"),
        ("MODIFY", "first"),
    ]
    assert sorted(items(dynamodb)) == ["first", "later"]


def test_two_writes_to_one_item_are_refused_and_nothing_is_written(dynamodb: Any) -> None:
    with pytest.raises(dynamodb.exceptions.ClientError, match="multiple operations"):
        dynamodb.transact_write_items(
            TransactItems=[put("other"), put("twice"), update_status("twice", "x")]
        )

    assert items(dynamodb) == {}
    assert stream_events(dynamodb) == []
