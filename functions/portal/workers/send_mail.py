"""
The mail worker: reads queued e-mails from SQS, renders each in its language and sends it
with SES, once per e-mail id. A failure leaves the message in the queue: SQS retries it,
and after repeated failures moves it to the dead-letter queue; nothing is lost.

Sending is the idempotent unit (`send`): once SES accepted an e-mail, its result (the SES
message id) is kept, and a retry only records the outcome in the outbox again, never
sends again. E-mails to an address a sender typed count against the per-address cap
(adapters/mail_cap.py) inside that unit, so a retry is never counted twice.
"""

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.idempotency import (
    idempotent_function,
)
from aws_lambda_powertools.utilities.typing import LambdaContext

from portal.bootstrap.mail import MailServices, bootstrap_mail
from portal.domain.authority_messages import new_confirmation_token
from portal.domain.mail import CONFIRMATION_LINK_TEMPLATES, Mail, MailState, StaffRole
from portal.mail.render import render
from portal.observability import logger
from portal.settings import MailSettings

# Not raising when every record failed: the error would carry each record's exception text
# into Lambda's log; the failures are reported as partial failures all the same.
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


# Bootstrapped at the first event; tests and the local server set their own.
services: MailServices | None = None


def current_services() -> MailServices:
    global services
    if services is None:
        services = bootstrap_mail()
    return services


def address(settings: MailSettings, mail: Mail) -> str:
    """Where an e-mail goes: the address it names, else the staff mailbox of its role."""
    if mail.to_address:
        return mail.to_address
    if mail.to_staff is StaffRole.PRODUCT_SAFETY:
        return settings.product_safety_email
    return settings.legal_staff_email


def send(mail: dict[str, Any]) -> dict[str, str]:
    """
    Render and send one e-mail, run at most once per e-mail id; returns its outcome (a
    MailState) and the SES message id. A confirmation link gets a fresh token here, whose
    hash is stored on the case before the e-mail leaves: the token is in the e-mail only.
    """
    current = current_services()
    message = Mail.model_validate(mail)
    now = datetime.now(UTC)
    if message.to_address and not current.cap.admit(message.to_address, message.id, now):
        logger.warning("mail held back", extra={"mail_id": message.id})
        return {"state": MailState.HELD_BACK.value}
    token = None
    if message.template in CONFIRMATION_LINK_TEMPLATES:
        token, token_hash = new_confirmation_token()
        if not message.case_reference or not current.cases.add_confirmation_token(
            message.case_reference, token_hash
        ):
            logger.info("confirmation link not needed", extra={"mail_id": message.id})
            return {"state": MailState.NOT_NEEDED.value}
    rendered = render(message, current.settings.site_url, token=token)
    message_id = current.mailer.send(address(current.settings, message), rendered)
    # Recorded at once, inside the idempotent unit: if Powertools then fails to complete its
    # record, the retry finds the outbox settled and sends nothing. The handler records it
    # again after, should this first record fail.
    if message.case_reference and not current.cases.try_mark_mail_sent(
        message.case_reference, message.outbox_key, now, message_id
    ):
        logger.warning("recording a sent mail failed", extra={"mail_id": message.id})
    logger.info("mail sent", extra={"mail_id": message.id, "template": message.template.value})
    return {"state": MailState.SENT.value, "message_id": message_id}


def record_handler(record: SQSRecord) -> None:
    current = current_services()
    mail = Mail.model_validate_json(record.body)
    # The outbox outlives the 7-day idempotency record: an e-mail it records as settled
    # (queued again by the sweeper or a redrive) is never sent twice.
    if mail.case_reference and current.cases.is_mail_settled(mail.case_reference, mail.outbox_key):
        logger.info("mail already settled", extra={"mail_id": mail.id})
        return
    once = idempotent_function(
        send,
        data_keyword_argument="mail",
        persistence_store=current.idempotency_store,
        config=current.idempotency_config,
        key_prefix="portal.mail",
    )
    outcome = once(mail=mail.model_dump(mode="json"))
    if mail.case_reference:
        # Outside the idempotent unit: if this fails, the retry records it without resending.
        current.cases.mark_mail(
            mail.case_reference,
            mail.outbox_key,
            MailState(outcome.get("state", MailState.SENT)),  # results kept before states
            datetime.now(UTC),
            outcome.get("message_id"),
        )


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    current_services().idempotency_config.register_lambda_context(context)
    return dict(process_partial_response(event, record_handler, processor, context))
