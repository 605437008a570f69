"""
The uploads' contract: S3Uploads under moto and the FakeUploads the unit tests use answer
alike for the upload form the API hands out and for an upload's state. The tests share one
bucket per module and keep apart by fresh upload IDs.
"""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import boto3
import pytest

from portal.adapters.uploads import ACCEPTED, INCOMING, QUARANTINE, S3Uploads
from portal.domain.uploads import Upload, UploadState
from tests.fakes import FakeUploads
from tests.integration.harness import LocalPortal

Uploads = S3Uploads | FakeUploads
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
PREFIXES = {
    UploadState.PENDING: INCOMING,
    UploadState.ACCEPTED: ACCEPTED,
    UploadState.REJECTED: QUARANTINE,
}


@pytest.fixture(params=["fake", "s3"])
def uploads(request: pytest.FixtureRequest) -> Uploads:
    if request.param == "fake":
        return FakeUploads()
    portal: LocalPortal = request.getfixturevalue("module_portal")
    return S3Uploads(portal.bucket, boto3.client("s3"))


@pytest.fixture
def given(uploads: Uploads, request: pytest.FixtureRequest) -> Callable[[Upload], None]:
    """Puts an upload where the store finds it: in S3, under the prefix of its state."""
    if isinstance(uploads, FakeUploads):
        return lambda upload: uploads.uploads.__setitem__(upload.id, upload)
    portal: LocalPortal = request.getfixturevalue("module_portal")

    def put(upload: Upload) -> None:
        assert upload.content_type is not None and upload.size is not None
        portal.s3.put_object(
            Bucket=portal.bucket,
            Key=f"{PREFIXES[upload.state]}{upload.id}",
            Body=b"%" * upload.size,
            ContentType=upload.content_type,
        )

    return put


@pytest.mark.parametrize("state", list(UploadState))
def test_an_upload_is_found_in_its_state_with_its_type_and_size(
    uploads: Uploads, given: Callable[[Upload], None], state: UploadState
) -> None:
    upload = Upload(id=str(uuid.uuid4()), state=state, content_type="image/png", size=2048)
    given(upload)

    found = uploads.get(upload.id)

    assert found == upload


def test_an_unknown_upload_is_not_found(uploads: Uploads) -> None:
    assert uploads.get(str(uuid.uuid4())) is None


def test_an_upload_form_is_for_this_upload_and_type_and_lasts_ten_minutes(
    uploads: Uploads,
) -> None:
    upload_id = str(uuid.uuid4())

    form = uploads.presign(upload_id, "application/pdf", 180_000, NOW)

    assert form["fields"]["key"] == f"{INCOMING}{upload_id}"
    assert form["fields"]["Content-Type"] == "application/pdf"
    assert form["expires_at"] == NOW + timedelta(minutes=10)
    assert str(form["url"]).startswith("https://")
