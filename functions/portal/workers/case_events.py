"""
Reacts to the cases table's stream: a newly stored e-mail goes to the mail queue, a newly
stored statement of reasons to the statements queue (workers/submit_statements.py), a new
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
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from portal.adapters.cases import TableChange, read_change
from portal.bootstrap.case_events import CaseEventsServices, bootstrap_case_events
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


def handle_change(change: TableChange) -> None:
    current = current_services()
    if change.what == "mail_stored" and change.mail is not None:
        current.queue.enqueue(change.mail)
        logger.info("mail queued", extra={"mail_id": change.mail.id})
    elif change.what == "statement_stored" and change.statement is not None:
        current.statements.enqueue(change.statement)
        logger.info(
            "statement queued",
            extra={"reference": change.reference, "puid": change.statement.puid},
        )
    elif change.what == "case_stored":
        # The case's store claimed these uploads for it alone (adapters/cases.py).
        for upload_id in change.attachments:
            current.uploads.attach(upload_id, change.reference)
    elif change.what == "case_removed":
        for upload_id in change.attachments:
            current.uploads.delete_if_attached_to(upload_id, change.reference)
        logger.info("expired case removed", extra={"reference": change.reference})


def record_handler(record: DynamoDBRecord) -> None:
    change = record.dynamodb
    if change is None:
        return
    name = record.event_name.name if record.event_name is not None else ""
    handle_change(
        read_change(name, change.keys or {}, change.new_image or {}, change.old_image or {})
    )


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return dict(process_partial_response(event, record_handler, processor, context))
