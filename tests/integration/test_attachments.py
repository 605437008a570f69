"""
Attachments: a presigned POST for one exact file, a checker that trusts nothing it was
sent, and submissions that may only reference files that passed.
"""

import uuid
from typing import Any

from portal.api.notices import EXAMPLE
from portal.domain.uploads import MAX_UPLOAD_BYTES
from tests.integration.harness import LocalPortal, decoded_policy

PDF = b"%PDF-1.7\n" + b"0" * 2000
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
