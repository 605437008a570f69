"""
Computed Art. 24(2) records kept as JSON objects in S3, one per computation, so that every
figure and its per-Member-State working data can be produced on request (Art. 24(3) DSA).
"""

from datetime import UTC
from typing import Any

from portal.domain.months import format_month
from portal.domain.recipients import RecipientsRecord

PREFIX = "recipients"


def record_key(record: RecipientsRecord) -> str:
    """`recipients/<period_end YYYY-MM>/<computed_at, UTC, basic ISO 8601>.json`."""
    stamp = record.computed_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{PREFIX}/{format_month(record.period_end)}/{stamp}.json"


class S3RecordStore:
    def __init__(self, client: Any, bucket: str) -> None:
        self._client = client
        self._bucket = bucket

    def save(self, record: RecipientsRecord) -> str:
        key = record_key(record)
        self._client.put_object(
            Bucket=self._bucket,
            Key=key,
            Body=record.model_dump_json(indent=2).encode("utf-8"),
            ContentType="application/json",
        )
        return f"s3://{self._bucket}/{key}"
