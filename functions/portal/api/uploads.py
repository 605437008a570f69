"""
POST /api/v1/uploads: a presigned S3 POST for one attachment (PDF, PNG or JPEG, at most
10 MB); GET /api/v1/uploads/{upload_id}: whether the upload was checked and accepted.
"""

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from portal.api.examples import body_example
from portal.api.responses import created, errors
from portal.api.services import services_of
from portal.domain.errors import UploadNotFound
from portal.domain.uploads import ALLOWED_TYPES, MAX_UPLOAD_BYTES, UploadState

router = Router()  # type: ignore[no-untyped-call]


class UploadRequest(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    content_type: Literal["application/pdf", "image/png", "image/jpeg"]
    size: StrictInt = Field(
        ge=1, le=MAX_UPLOAD_BYTES, description="The file's exact size in bytes."
    )


EXAMPLE = {"content_type": "application/pdf", "size": 184_320}


class UploadForm(BaseModel):
    """POST `fields` and then the file (last) as multipart/form-data to `url`."""

    model_config = ConfigDict(defer_build=True)

    upload_id: str
    url: str
    fields: dict[str, str]
    expires_at: datetime
    max_bytes: int = MAX_UPLOAD_BYTES
    allowed_types: list[str] = list(ALLOWED_TYPES)


class UploadStatus(BaseModel):
    model_config = ConfigDict(defer_build=True)

    upload_id: str
    state: UploadState
    content_type: str | None = None
    size: int | None = None


@router.post(
    "/uploads",
    status_code=201,
    summary="Prepare the upload of an attachment",
    description=(
        "Returns a presigned S3 POST for exactly one file of the given type and size. After the "
        "upload, a checker verifies size and content; reference the `upload_id` in a submission "
        "once GET /api/v1/uploads/{upload_id} says `accepted`."
    ),
    responses={
        201: created(UploadForm, "Where and how to upload the file."),
        **errors(400, 413, 415, 422, 503),
    },
    tags=["Attachments"],
    operation_id="createUpload",
)
def create_upload(
    request: Annotated[
        UploadRequest,
        Body(openapi_examples={"pdf": body_example(summary="A PDF of 180 KB", value=EXAMPLE)}),
    ],
) -> UploadForm:
    upload_id = str(uuid.uuid4())
    form: dict[str, Any] = services_of(router).uploads.presign(
        upload_id, request.content_type, request.size, services_of(router).clock()
    )
    return UploadForm(upload_id=upload_id, **form)


@router.get(
    "/uploads/<upload_id>",
    summary="State of an uploaded attachment",
    responses={200: created(UploadStatus, "The upload's state."), **errors(404, 422, 503)},
    tags=["Attachments"],
    operation_id="getUpload",
)
def get_upload(upload_id: Annotated[uuid.UUID, Path()]) -> UploadStatus:
    upload = services_of(router).uploads.get(str(upload_id))
    if upload is None:
        raise UploadNotFound()
    return UploadStatus(
        upload_id=upload.id, state=upload.state, content_type=upload.content_type, size=upload.size
    )
