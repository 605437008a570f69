"""
Attachments: a presigned POST for one exact file, a checker that trusts nothing it was
sent, and submissions that may only reference files that passed.
"""

import uuid
from io import BytesIO
from typing import Any

import boto3
import pytest
from PIL import Image

from portal.adapters.uploads import S3Uploads
from portal.api.notices import EXAMPLE
from portal.domain.uploads import MAX_UPLOAD_BYTES
from tests import documents
from tests.integration.harness import LocalPortal, decoded_policy

PDF = documents.pdf(pages=3)
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 500


def notice(*attachments: str) -> dict[str, Any]:
    return {**EXAMPLE, "submission_id": str(uuid.uuid4()), "attachments": list(attachments)}


def test_the_upload_form_allows_exactly_one_key_type_and_size(portal: LocalPortal) -> None:
    status, form = portal.post("/api/v1/uploads", {"content_type": "application/pdf", "size": 2048})

    assert status == 201
    policy = decoded_policy(form["fields"])
    conditions = policy["conditions"]
    assert {"key": f"incoming/{form['upload_id']}"} in conditions
    assert {"Content-Type": "application/pdf"} in conditions
    assert ["content-length-range", 2048, 2048] in conditions
    assert {"x-amz-server-side-encryption": "AES256"} in conditions
    assert {"bucket": portal.bucket} in conditions
    assert not any(isinstance(c, list) and c[0] == "starts-with" for c in conditions)
    assert form["max_bytes"] == MAX_UPLOAD_BYTES


def test_other_types_and_oversized_files_get_no_upload_form(portal: LocalPortal) -> None:
    too_big = portal.post(
        "/api/v1/uploads", {"content_type": "application/pdf", "size": MAX_UPLOAD_BYTES + 1}, "fr"
    )
    html = portal.post("/api/v1/uploads", {"content_type": "text/html", "size": 10})

    assert too_big[0] == 422 and too_big[1]["error"]["fields"][0]["code"] == "number_too_large"
    assert html[0] == 422 and html[1]["error"]["fields"][0]["code"] == "invalid_choice"


def test_a_checked_file_can_be_attached_and_is_kept_with_the_case(portal: LocalPortal) -> None:
    upload_id = portal.upload(PDF, "application/pdf")
    assert portal.call("GET", f"/api/v1/uploads/{upload_id}")[1]["state"] == "pending"

    portal.deliver()
    state = portal.call("GET", f"/api/v1/uploads/{upload_id}")[1]
    status, receipt = portal.post("/api/v1/notices", notice(upload_id))
    portal.deliver()

    assert state == {
        "upload_id": upload_id,
        "state": "accepted",
        "content_type": "application/pdf",
        "size": len(PDF),
    }
    assert status == 201
    tags = portal.s3.get_object_tagging(Bucket=portal.bucket, Key=f"accepted/{upload_id}")["TagSet"]
    assert tags == [{"Key": "attached", "Value": receipt["reference"]}]
    assert portal.case_item(receipt["reference"])["attachments"] == [upload_id]  # type: ignore[index]


def test_a_file_whose_content_is_not_its_declared_type_is_quarantined(portal: LocalPortal) -> None:
    upload_id = portal.upload(PNG, "application/pdf")

    portal.deliver()
    status, body = portal.post("/api/v1/notices", notice(upload_id), "de")

    assert portal.call("GET", f"/api/v1/uploads/{upload_id}")[1]["state"] == "rejected"
    assert portal.s3.list_objects_v2(Bucket=portal.bucket, Prefix="quarantine/")["KeyCount"] == 1
    assert status == 422
    [field] = body["error"]["fields"]
    assert (field["field"], field["code"]) == ("attachments.0", "attachment_rejected")


def test_a_file_larger_than_allowed_is_quarantined_even_if_it_reached_the_bucket(
    portal: LocalPortal,
) -> None:
    upload_id = str(uuid.uuid4())
    # moto does not enforce POST policies; the checker must not rely on them either.
    portal.s3.put_object(
        Bucket=portal.bucket,
        Key=f"incoming/{upload_id}",
        Body=b"%PDF-" + b"0" * MAX_UPLOAD_BYTES,
        ContentType="application/pdf",
    )

    portal.deliver()

    assert portal.call("GET", f"/api/v1/uploads/{upload_id}")[1]["state"] == "rejected"


def test_unknown_and_unchecked_uploads_cannot_be_attached(portal: LocalPortal) -> None:
    pending = portal.upload(PDF, "application/pdf")

    unknown = portal.post("/api/v1/notices", notice(str(uuid.uuid4())))
    waiting = portal.post("/api/v1/notices", notice(pending))

    assert unknown[1]["error"]["fields"][0]["code"] == "upload_not_found"
    assert waiting[1]["error"]["fields"][0]["code"] == "attachment_pending"
    assert portal.call("GET", f"/api/v1/uploads/{uuid.uuid4()}")[0] == 404


def test_when_a_case_expires_its_attachments_are_deleted(portal: LocalPortal) -> None:
    upload_id = portal.upload(PDF, "application/pdf")
    portal.deliver()
    status, receipt = portal.post("/api/v1/notices", notice(upload_id))
    portal.deliver()
    assert status == 201
    assert portal.s3.list_objects_v2(Bucket=portal.bucket, Prefix="accepted/")["KeyCount"] == 1

    portal.dynamodb.delete_item(
        TableName=portal.table,
        Key={"pk": {"S": f"CASE#{receipt['reference']}"}, "sk": {"S": "CASE"}},
    )
    portal.deliver()

    assert portal.s3.list_objects_v2(Bucket=portal.bucket, Prefix="accepted/")["KeyCount"] == 0


def accepted_upload(portal: LocalPortal, data: bytes = PDF, kind: str = "application/pdf") -> str:
    upload_id = portal.upload(data, kind)
    portal.deliver()
    assert portal.call("GET", f"/api/v1/uploads/{upload_id}")[1]["state"] == "accepted"
    return upload_id


def stored_object(portal: LocalPortal, key: str) -> bytes:
    return bytes(portal.s3.get_object(Bucket=portal.bucket, Key=key)["Body"].read())


def keys(portal: LocalPortal, prefix: str) -> list[str]:
    listed = portal.s3.list_objects_v2(Bucket=portal.bucket, Prefix=prefix)
    return [item["Key"] for item in listed.get("Contents", [])]


# --- An upload belongs to one case -------------------------------------------------


def test_a_file_attached_to_a_case_is_refused_to_another_submission(portal: LocalPortal) -> None:
    upload_id = accepted_upload(portal)
    first = portal.post("/api/v1/notices", notice(upload_id))

    status, body = portal.post("/api/v1/notices", notice(upload_id), "fr")

    assert first[0] == 201
    assert status == 422
    [field] = body["error"]["fields"]
    assert (field["field"], field["code"]) == ("attachments.0", "attachment_in_use")
    assert field["message"].startswith("Ce fichier est déjà joint")
    assert len([item for item in portal.items("CASE#") if item["sk"] == "CASE"]) == 1


def test_a_submission_caught_by_the_honeypot_cannot_take_a_file_either(
    portal: LocalPortal,
) -> None:
    upload_id = accepted_upload(portal)
    owner = portal.post("/api/v1/notices", notice(upload_id))

    status, body = portal.post("/api/v1/notices", {**notice(upload_id), "website": "spam.example"})
    portal.deliver()

    assert owner[0] == 201
    assert (status, body["error"]["fields"][0]["code"]) == (422, "attachment_in_use")
    tags = portal.s3.get_object_tagging(Bucket=portal.bucket, Key=f"accepted/{upload_id}")
    assert tags["TagSet"] == [{"Key": "attached", "Value": owner[1]["reference"]}]


def test_a_retried_submission_with_attachments_gets_its_case_again(portal: LocalPortal) -> None:
    upload_id = accepted_upload(portal)
    data = notice(upload_id)

    first = portal.post("/api/v1/notices", data)
    portal.dynamodb.delete_item(  # the idempotency record is gone (24 hours later)
        TableName=portal.deployed.refs["IdempotencyTable"],
        Key={
            "id": portal.dynamodb.scan(TableName=portal.deployed.refs["IdempotencyTable"])["Items"][
                0
            ]["id"]
        },
    )
    again = portal.post("/api/v1/notices", data)

    assert first[0] == again[0] == 201
    assert again[1]["reference"] == first[1]["reference"]


# --- A removed case deletes only the files it holds --------------------------------


def test_a_removed_case_leaves_a_file_that_another_case_holds(portal: LocalPortal) -> None:
    upload_id = accepted_upload(portal)
    status, owner = portal.post("/api/v1/notices", notice(upload_id))
    portal.deliver()
    # A case naming the same file that does not hold it (stored before files were claimed).
    other = {**portal.case_item(owner["reference"]), "pk": "CASE#N-OTHER", "status": "spam"}  # type: ignore[dict-item]
    from portal.adapters.cases import to_attributes

    portal.dynamodb.put_item(TableName=portal.table, Item=to_attributes(other))
    portal.deliver()

    portal.dynamodb.delete_item(
        TableName=portal.table, Key={"pk": {"S": "CASE#N-OTHER"}, "sk": {"S": "CASE"}}
    )
    portal.deliver()

    assert status == 201
    assert keys(portal, "accepted/") == [f"accepted/{upload_id}"]
    tags = portal.s3.get_object_tagging(Bucket=portal.bucket, Key=f"accepted/{upload_id}")
    assert tags["TagSet"] == [{"Key": "attached", "Value": owner["reference"]}]


# --- The upload checker -------------------------------------------------------------


def test_a_file_gone_before_its_check_is_answered_as_missing_even_as_a_403(
    portal: LocalPortal,
) -> None:
    from unittest import mock

    from botocore.exceptions import ClientError

    from portal.workers import check_upload

    upload_id = accepted_upload(portal)
    client = check_upload.current_services().uploads.client
    real_get, real_head = client.get_object, client.head_object

    def denied_when_incoming(real: Any) -> Any:
        def call(**kwargs: Any) -> Any:
            if kwargs["Key"].startswith("incoming/"):  # S3 without s3:ListBucket
                raise ClientError({"Error": {"Code": "AccessDenied"}}, "GetObject")
            return real(**kwargs)

        return call

    with (
        mock.patch.object(client, "get_object", side_effect=denied_when_incoming(real_get)),
        mock.patch.object(client, "head_object", side_effect=denied_when_incoming(real_head)),
    ):
        reason = check_upload.check(upload_id)  # a second delivery of its event

    assert reason is None
    assert keys(portal, "accepted/") == [f"accepted/{upload_id}"]


def test_an_upload_s3_refuses_to_show_fails_clearly_and_is_retried(portal: LocalPortal) -> None:
    from unittest import mock

    from botocore.exceptions import ClientError

    from portal.adapters.uploads import UploadUnreadable
    from portal.workers import check_upload

    upload_id = portal.upload(PDF, "application/pdf")
    client = check_upload.current_services().uploads.client
    denied = ClientError({"Error": {"Code": "AccessDenied"}}, "GetObject")

    with (
        mock.patch.object(client, "get_object", side_effect=denied),
        mock.patch.object(client, "head_object", side_effect=denied),
        pytest.raises(UploadUnreadable),
    ):
        check_upload.check(upload_id)

    assert keys(portal, "incoming/") == [f"incoming/{upload_id}"]


def test_a_file_replaced_while_checked_is_filed_as_the_version_checked_last(
    portal: LocalPortal,
) -> None:
    from unittest import mock

    from botocore.exceptions import ClientError

    from portal.workers import check_upload

    upload_id = portal.upload(PDF, "application/pdf")
    uploads = check_upload.current_services().uploads
    real_read = uploads.read_incoming
    replaced: list[bool] = []

    def read_then_replace(upload_id: str) -> Any:
        found = real_read(upload_id)
        if not replaced:  # the presigned POST used again right after the first read
            replaced.append(True)
            portal.s3.put_object(
                Bucket=portal.bucket,
                Key=f"incoming/{upload_id}",
                Body=documents.pdf_with_javascript(),
                ContentType="application/pdf",
            )
        return found

    def copy_as_s3_does(**kwargs: Any) -> Any:  # moto ignores CopySourceIfMatch
        source = kwargs["CopySource"]
        current = real_head(Bucket=source["Bucket"], Key=source["Key"])["ETag"]
        if kwargs.get("CopySourceIfMatch", current) != current:
            raise ClientError({"Error": {"Code": "PreconditionFailed"}}, "CopyObject")
        return real_copy(**kwargs)

    real_head, real_copy = uploads.client.head_object, uploads.client.copy_object
    with (
        mock.patch.object(uploads, "read_incoming", side_effect=read_then_replace),
        mock.patch.object(uploads.client, "copy_object", side_effect=copy_as_s3_does),
    ):
        reason = check_upload.check(upload_id)

    assert reason == "pdf_javascript"
    assert keys(portal, "accepted/") == []
    assert stored_object(portal, f"quarantine/{upload_id}") == documents.pdf_with_javascript()


def test_a_presigned_upload_used_twice_is_filed_once(portal: LocalPortal) -> None:
    upload_id = accepted_upload(portal)
    portal.s3.put_object(
        Bucket=portal.bucket,
        Key=f"incoming/{upload_id}",
        Body=documents.pdf(pages=1),
        ContentType="application/pdf",
    )

    portal.deliver()

    assert stored_object(portal, f"accepted/{upload_id}") == PDF
    assert keys(portal, "incoming/") == []
    assert keys(portal, "quarantine/") == []


def test_two_upload_forms_never_share_an_id(portal: LocalPortal) -> None:
    request = {"content_type": "application/pdf", "size": 2048}

    ids = {portal.post("/api/v1/uploads", request)[1]["upload_id"] for _ in range(20)}

    assert len(ids) == 20


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (documents.pdf_with_javascript(), "JavaScript"),
        (documents.pdf_with_escaped_javascript_name(), "escaped JavaScript name"),
        (documents.pdf_with_launch_action(), "launch action"),
        (documents.pdf_with_embedded_file(), "embedded file"),
        (b"%PDF-1.7\n" + b"0" * 2000, "not a readable PDF"),
    ],
)
def test_a_pdf_with_active_content_or_that_cannot_be_read_is_quarantined(
    portal: LocalPortal, data: bytes, reason: str
) -> None:
    upload_id = portal.upload(data, "application/pdf")

    portal.deliver()

    assert portal.call("GET", f"/api/v1/uploads/{upload_id}")[1]["state"] == "rejected", reason
    assert keys(portal, "accepted/") == []


def test_a_photo_is_stored_reencoded_without_exif_or_gps(portal: LocalPortal) -> None:
    photo = documents.jpeg_with_gps(size=(64, 48))
    assert Image.open(BytesIO(photo)).getexif().get_ifd(0x8825)  # GPS IFD is there

    upload_id = accepted_upload(portal, photo, "image/jpeg")

    stored = Image.open(BytesIO(stored_object(portal, f"accepted/{upload_id}")))
    assert stored.format == "JPEG"
    assert stored.size == (64, 48)
    assert not stored.getexif()
    assert "exif" not in stored.info and "comment" not in stored.info
    assert b"PhoneMaker" not in stored_object(portal, f"accepted/{upload_id}")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (documents.jpeg_with_gps()[:300], "image/jpeg"),
        (documents.png()[:60], "image/png"),
        (documents.png_claiming(20_000, 20_000), "image/png"),
    ],
    ids=["truncated jpeg", "truncated png", "decompression bomb"],
)
def test_an_image_that_does_not_decode_in_full_within_limits_is_quarantined(
    portal: LocalPortal, data: bytes, kind: str
) -> None:
    upload_id = portal.upload(data, kind)

    portal.deliver()

    assert portal.call("GET", f"/api/v1/uploads/{upload_id}")[1]["state"] == "rejected"


def test_attaching_a_file_that_is_gone_is_answered_not_raised(portal: LocalPortal) -> None:
    uploads = S3Uploads(portal.bucket, boto3.client("s3"))

    kept = uploads.attach(str(uuid.uuid4()), "NT-GONE-0001")

    assert kept is False
