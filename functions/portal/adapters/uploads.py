"""
Attachments in S3. A browser uploads straight to `incoming/<id>` with a presigned POST;
the upload checker moves each file to `accepted/<id>` or `quarantine/<id>`; a file's
prefix is its state. Accepted files are tagged `attached=false` until a case claims them,
and a lifecycle rule deletes the ones never attached (infra/template.yaml).
"""

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

import boto3
from botocore.exceptions import ClientError

from portal.domain.uploads import MAX_UPLOAD_BYTES, SNIFF_BYTES, Upload, UploadState

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_s3.type_defs import TaggingTypeDef

INCOMING, ACCEPTED, QUARANTINE = "incoming/", "accepted/", "quarantine/"
PRESIGN_SECONDS = 600
ENCRYPTION: Literal["AES256"] = "AES256"
_STATES = (
    (ACCEPTED, UploadState.ACCEPTED),
    (QUARANTINE, UploadState.REJECTED),
    (INCOMING, UploadState.PENDING),
)


def attached_tag(value: str) -> "TaggingTypeDef":
    return {"TagSet": [{"Key": "attached", "Value": value}]}


class S3Uploads:
    def __init__(self, bucket: str, client: "S3Client | None" = None) -> None:
        self.bucket = bucket
        self._client = client

    @property
    def client(self) -> "S3Client":
        if self._client is None:
            self._client = boto3.client("s3")
        return self._client

    def presign(
        self, upload_id: str, content_type: str, size: int, now: datetime
    ) -> dict[str, Any]:
        """A POST form for exactly this key, type and size; nothing else is accepted."""
        key = f"{INCOMING}{upload_id}"
        fields = {"Content-Type": content_type, "x-amz-server-side-encryption": ENCRYPTION}
        conditions: list[Any] = [
            {"bucket": self.bucket},
            {"key": key},
            {"Content-Type": content_type},
            {"x-amz-server-side-encryption": ENCRYPTION},
            ["content-length-range", size, min(size, MAX_UPLOAD_BYTES)],
        ]
        post = self.client.generate_presigned_post(
            self.bucket, key, Fields=fields, Conditions=conditions, ExpiresIn=PRESIGN_SECONDS
        )
        return {
            "url": post["url"],
            "fields": post["fields"],
            "expires_at": now + timedelta(seconds=PRESIGN_SECONDS),
        }

    def get(self, upload_id: str) -> Upload | None:
        for prefix, state in _STATES:
            try:
                head = self.client.head_object(Bucket=self.bucket, Key=f"{prefix}{upload_id}")
            except ClientError as error:
                if error.response["Error"]["Code"] in {"404", "NoSuchKey", "NotFound"}:
                    continue
                raise
            return Upload(
                id=upload_id,
                state=state,
                content_type=head.get("ContentType"),
                size=head.get("ContentLength"),
            )
        return None

    def read_incoming(self, upload_id: str) -> tuple[str, int, bytes] | None:
        """Declared type, size and first bytes of a fresh upload, or None if it is gone."""
        key = f"{INCOMING}{upload_id}"
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=key)
            start = self.client.get_object(
                Bucket=self.bucket, Key=key, Range=f"bytes=0-{SNIFF_BYTES - 1}"
            )
        except ClientError as error:
            if error.response["Error"]["Code"] in {"404", "NoSuchKey", "NotFound"}:
                return None
            raise
        return head.get("ContentType", ""), head["ContentLength"], start["Body"].read()

    def move(self, upload_id: str, accepted: bool) -> None:
        """File a checked upload under accepted/ (not yet attached) or quarantine/."""
        target = f"{ACCEPTED if accepted else QUARANTINE}{upload_id}"
        self.client.copy_object(
            Bucket=self.bucket,
            Key=target,
            CopySource={"Bucket": self.bucket, "Key": f"{INCOMING}{upload_id}"},
            ServerSideEncryption=ENCRYPTION,
            TaggingDirective="REPLACE",
            Tagging="attached=false",
            MetadataDirective="COPY",
        )
        self.client.delete_object(Bucket=self.bucket, Key=f"{INCOMING}{upload_id}")

    def attach(self, upload_id: str, reference: str) -> None:
        """A case holds the file now: the lifecycle rule must not delete it."""
        self.client.put_object_tagging(
            Bucket=self.bucket, Key=f"{ACCEPTED}{upload_id}", Tagging=attached_tag(reference)
        )

    def delete(self, upload_id: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=f"{ACCEPTED}{upload_id}")


def now_utc() -> datetime:
    return datetime.now(UTC)
