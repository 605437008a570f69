import json
from datetime import UTC, datetime
from typing import Any

import boto3

from portal.adapters.record_store import S3RecordStore
from portal.domain.months import period_months
from portal.domain.recipients import RecipientCount, RecipientsRecord, build_record
from tests.integration.athena import REGION


def test_record_is_kept_as_json_under_its_period_and_computation_time(aws: None) -> None:
    s3 = boto3.client("s3", region_name=REGION)
    location: Any = {"LocationConstraint": REGION}
    s3.create_bucket(Bucket="publications", CreateBucketConfiguration=location)
    months = period_months(datetime(2026, 6, 1).date())
    counts = [RecipientCount(m, s, 42) for m in months for s in (None, "SI")]
    computed_at = datetime(2026, 7, 1, 5, 4, 3, tzinfo=UTC)
    record = build_record(months, counts, computed_at=computed_at, engine="athena", source="t")

    location = S3RecordStore(s3, "publications").save(record)

    key = "recipients/2026-06/20260701T050403Z.json"
    stored = s3.get_object(Bucket="publications", Key=key)
    assert location == f"s3://publications/{key}"
    assert stored["ContentType"] == "application/json"
    body = json.loads(stored["Body"].read())
    assert RecipientsRecord.model_validate(body) == record
    assert body["months"][0]["member_states"]["SI"] == 42
