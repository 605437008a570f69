"""
The upload checker: for every file uploaded to incoming/ (S3 event, through SQS), reads it
in full, checks its size, first bytes and content against the declared type (PDFs without
active content, images decoded and re-encoded without metadata: domain/inspection.py), and
files it under accepted/ or quarantine/, copying exactly the version it checked. An id
already filed is never filed again. S3 does not enforce everything a presigned POST
promises under every client; this check does not trust that it did.
"""

import json
from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from portal.adapters.uploads import INCOMING
from portal.bootstrap.upload_check import UploadCheckServices, bootstrap_upload_check
from portal.domain.inspection import inspect_content
from portal.domain.uploads import SNIFF_BYTES, rejection_reason
from portal.observability import logger, metrics

processor = BatchProcessor(event_type=EventType.SQS)


# Bootstrapped at the first event; tests and the local server set their own.
services: UploadCheckServices | None = None


def current_services() -> UploadCheckServices:
    global services
    if services is None:
        services = bootstrap_upload_check()
    return services


# The upload may be replaced while it is checked (its presigned POST used again): check
# the newest version, a few times, then let SQS retry.
_ATTEMPTS = 3


def check(upload_id: str) -> str | None:
    """File one upload; returns why it was quarantined, or None once accepted (or gone)."""
    uploads = current_services().uploads
    for _ in range(_ATTEMPTS):
        found = uploads.read_incoming(upload_id)
        if found is None:
            return None  # handled by an earlier delivery of the same event
        if uploads.is_filed(upload_id):
            uploads.discard_incoming(upload_id)
            metrics.add_metric(name="UploadsReused", unit=MetricUnit.Count, value=1)
            logger.warning("upload id used twice", extra={"upload_id": upload_id})
            return "id_used_twice"
        reason = rejection_reason(found.content_type, found.size, found.data[:SNIFF_BYTES])
        content = None
        if reason is None:
            inspection = inspect_content(found.content_type, found.data)
            reason, content = inspection.reason, inspection.content
        if uploads.file(upload_id, found, accepted=reason is None, content=content):
            break
    else:
        raise RuntimeError(f"upload {upload_id} kept changing while it was checked")
    if reason:
        metrics.add_metric(name="UploadsQuarantined", unit=MetricUnit.Count, value=1)
        logger.warning("upload quarantined", extra={"upload_id": upload_id, "reason": reason})
    else:
        metrics.add_metric(name="UploadsAccepted", unit=MetricUnit.Count, value=1)
    return reason


def uploaded_ids(body: dict[str, Any]) -> list[str]:
    """The upload ids an S3 event notification is about (none for S3's test event)."""
    keys = [unquote_plus(r["s3"]["object"]["key"]) for r in body.get("Records", []) if "s3" in r]
    return [key.removeprefix(INCOMING) for key in keys if key.startswith(INCOMING)]


def record_handler(record: SQSRecord) -> None:
    for upload_id in uploaded_ids(json.loads(record.body)):
        check(upload_id)


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return dict(process_partial_response(event, record_handler, processor, context))
