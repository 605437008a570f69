"""
Reacts to the cases table's stream: a newly stored e-mail goes to the mail queue, a new
case's attachments are marked as held by it (spam too: staff may still review it), and a
removed case's attachments are deleted if it holds them, never a file another case holds.
The stream retries a failed record, so a case stored is always followed by its e-mails.
"""

from typing import Any

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import (
    DynamoDBRecord,
    DynamoDBRecordEventName,
)
from aws_lambda_powertools.utilities.typing import LambdaContext

from portal.bootstrap.case_events import CaseEventsServices, bootstrap_case_events
from portal.domain.mail import Mail
from portal.observability import logger

# Not raising when every record failed: the error would carry each record's exception text
# into Lambda's log; the failures are reported as partial failures all the same.
processor = BatchProcessor(
    event_type=EventType.DynamoDBStreams, raise_on_entire_batch_failure=False
)


# Bootstrapped at the first event; tests and the local server set their own.
services: CaseEventsServices | None = None


def current_services() -> CaseEventsServices:
    global services
    if services is None:
        services = bootstrap_case_events()
    return services


def handle_change(
    name: DynamoDBRecordEventName | None,
    keys: dict[str, Any],
    new: dict[str, Any],
    old: dict[str, Any],
) -> None:
    current = current_services()
    sort_key = str(keys.get("sk", ""))
    reference = str(keys.get("pk", "")).removeprefix("CASE#")
    if name is DynamoDBRecordEventName.INSERT and sort_key.startswith("MAIL#"):
        mail = Mail.model_validate_json(new["mail"])
        current.queue.enqueue(mail)
        logger.info("mail queued", extra={"mail_id": mail.id})
    elif name is DynamoDBRecordEventName.INSERT and sort_key == "CASE":
        # The case's store claimed these uploads for it alone (adapters/cases.py).
        for upload_id in new.get("attachments", []):
            current.uploads.attach(str(upload_id), reference)
    elif name is DynamoDBRecordEventName.REMOVE and sort_key == "CASE":
        for upload_id in old.get("attachments", []):
            current.uploads.delete_if_attached_to(str(upload_id), reference)
        logger.info("expired case removed", extra={"reference": reference})


def record_handler(record: DynamoDBRecord) -> None:
    change = record.dynamodb
    if change is None:
        return
    handle_change(
        record.event_name, change.keys or {}, change.new_image or {}, change.old_image or {}
    )


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return dict(process_partial_response(event, record_handler, processor, context))
