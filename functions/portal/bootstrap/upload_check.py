"""The upload checker's services: the attachments."""

from dataclasses import dataclass

import boto3

from portal.adapters.uploads import S3Uploads
from portal.plain_settings import UploadCheckSettings


@dataclass(frozen=True)
class UploadCheckServices:
    uploads: S3Uploads


def bootstrap_upload_check(settings: UploadCheckSettings | None = None) -> UploadCheckServices:
    settings = settings or UploadCheckSettings.from_environ()
    return UploadCheckServices(uploads=S3Uploads(settings.attachments_bucket, boto3.client("s3")))
