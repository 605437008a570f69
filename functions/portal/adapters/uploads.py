"""
Attachments in S3. A browser uploads straight to `incoming/<id>` with a presigned POST;
the upload checker moves each file to `accepted/<id>` or `quarantine/<id>`; a file's
prefix is its state, and an id filed once is never filed again (a presigned POST can be
replayed for its ten minutes). Accepted files are tagged `attached=false` until a case
claims them (`attached=<reference>`), and a lifecycle rule deletes the ones never attached
(infra/template.yaml).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from botocore.exceptions import ClientError

from portal.adapters.aws_errors import reports_unavailability
from portal.domain.uploads import DOWNLOAD_LINK_SECONDS, MAX_UPLOAD_BYTES, Upload, UploadState

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
_MISSING = {"404", "NoSuchKey", "NotFound"}
_CHANGED = {"412", "PreconditionFailed"}
_DENIED = {"403", "AccessDenied"}


class UploadUnreadable(Exception):
    """S3 refused to show a fresh upload (403) that no earlier delivery has filed."""


@dataclass(frozen=True)
class IncomingFile:
    """A fresh upload as read: `data` is empty when it is too large to be worth reading."""

    content_type: str
    size: int
    etag: str
    data: bytes


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def attached_tag(value: str) -> "TaggingTypeDef":
    return {"TagSet": [{"Key": "attached", "Value": value}]}


@reports_unavailability()
class S3Uploads:
    def __init__(self, bucket: str, client: "S3Client") -> None:
        self.bucket = bucket
        self.client = client

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

    def download_url(self, upload_id: str, seconds: int = DOWNLOAD_LINK_SECONDS) -> str | None:
        """
        A link to an accepted attachment for staff, valid for `seconds`, that saves it
        rather than opens it; None: not accepted (still checked, or quarantined).
        """
        upload = self.get(upload_id)
        if upload is None or upload.state is not UploadState.ACCEPTED:
            return None
        return self.client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": f"{ACCEPTED}{upload_id}",
                "ResponseContentDisposition": f'attachment; filename="{upload_id}"',
            },
            ExpiresIn=seconds,
        )

    def get(self, upload_id: str) -> Upload | None:
        for prefix, state in _STATES:
            try:
                head = self.client.head_object(Bucket=self.bucket, Key=f"{prefix}{upload_id}")
            except ClientError as error:
                if _code(error) in _MISSING:
                    continue
                raise
            return Upload(
                id=upload_id,
                state=state,
                content_type=head.get("ContentType"),
                size=head.get("ContentLength"),
            )
        return None

    def is_filed(self, upload_id: str) -> bool:
        """Whether this id was checked already: accepted or quarantined, now or before."""
        upload = self.get(upload_id)
        return upload is not None and upload.state is not UploadState.PENDING

    def _is_filed_as_far_as_seen(self, upload_id: str) -> bool:
        try:
            return self.is_filed(upload_id)
        except ClientError as error:
            if _code(error) in _DENIED:
                return False
            raise

    def read_incoming(self, upload_id: str) -> IncomingFile | None:
        """
        A fresh upload in full (at most MAX_UPLOAD_BYTES), or None once it is gone. With
        s3:ListBucket, S3 answers 404 for a missing key; without it, 403: that is "gone" too
        when an earlier delivery filed the id, else UploadUnreadable (the record is retried,
        then dead-lettered).
        """
        try:
            found = self.client.get_object(Bucket=self.bucket, Key=f"{INCOMING}{upload_id}")
        except ClientError as error:
            if _code(error) in _MISSING:
                return None
            if _code(error) in _DENIED:
                if self._is_filed_as_far_as_seen(upload_id):
                    return None
                raise UploadUnreadable(upload_id) from error
            raise
        size = found["ContentLength"]
        with found["Body"] as body:
            data = body.read() if size <= MAX_UPLOAD_BYTES else b""
        return IncomingFile(found.get("ContentType", ""), size, found["ETag"], data)

    def file(
        self, upload_id: str, checked: IncomingFile, accepted: bool, content: bytes | None
    ) -> bool:
        """
        File a checked upload under accepted/ (not yet attached) or quarantine/: `content`
        if given (a re-encoded image), else a copy of exactly the version checked (its
        ETag). False, filing nothing, if the upload changed or went meanwhile.
        """
        etag = checked.etag
        source = f"{INCOMING}{upload_id}"
        target = f"{ACCEPTED if accepted else QUARANTINE}{upload_id}"
        try:
            if content is None:
                self.client.copy_object(
                    Bucket=self.bucket,
                    Key=target,
                    CopySource={"Bucket": self.bucket, "Key": source},
                    CopySourceIfMatch=etag,
                    ServerSideEncryption=ENCRYPTION,
                    TaggingDirective="REPLACE",
                    Tagging="attached=false",
                    MetadataDirective="COPY",
                )
            else:
                # Still the version checked? The re-encoded content must stand for it.
                self.client.head_object(Bucket=self.bucket, Key=source, IfMatch=etag)
                self.client.put_object(
                    Bucket=self.bucket,
                    Key=target,
                    Body=content,
                    ContentType=checked.content_type,
                    ServerSideEncryption=ENCRYPTION,
                    Tagging="attached=false",
                )
        except ClientError as error:
            if _code(error) in _CHANGED | _MISSING:
                return False
            raise
        self.client.delete_object(Bucket=self.bucket, Key=source)
        return True

    def discard_incoming(self, upload_id: str) -> None:
        """Delete a fresh upload without filing it (an id used twice)."""
        self.client.delete_object(Bucket=self.bucket, Key=f"{INCOMING}{upload_id}")

    def attach(self, upload_id: str, reference: str) -> bool:
        """
        A case holds the file now: the lifecycle rule must not delete it. A file another
        case holds already keeps its holder (cases stored before uploads were claimed).
        False if it was left so, or is gone.
        """
        key = f"{ACCEPTED}{upload_id}"
        try:
            held_by = self._attached_to(key)
        except ClientError as error:
            if _code(error) in _MISSING:
                return False  # gone: deleted with another case, or never accepted
            raise
        if held_by not in {None, "false", reference}:
            return False
        self.client.put_object_tagging(Bucket=self.bucket, Key=key, Tagging=attached_tag(reference))
        return True

    def _attached_to(self, key: str) -> str | None:
        tags = self.client.get_object_tagging(Bucket=self.bucket, Key=key)["TagSet"]
        return next((tag["Value"] for tag in tags if tag["Key"] == "attached"), None)

    def delete_if_attached_to(self, upload_id: str, reference: str) -> bool:
        """
        Delete an accepted file if this case holds it (its `attached` tag): a file another
        case holds, or that was never attached, stays. True if it was deleted.
        """
        key = f"{ACCEPTED}{upload_id}"
        try:
            held_by = self._attached_to(key)
        except ClientError as error:
            if _code(error) in _MISSING:
                return False
            raise
        if held_by != reference:
            return False
        self.client.delete_object(Bucket=self.bucket, Key=key)
        return True
