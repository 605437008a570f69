"""
The mail worker: reads queued e-mails from SQS, renders each in its language and sends it
with SES, once per e-mail id. A failure leaves the message in the queue: SQS retries it,
and after repeated failures moves it to the dead-letter queue; nothing is lost.
"""

from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.typing import LambdaContext

from portal.adapters.cases import DynamoCaseStore
from portal.adapters.mailer import SesMailer
from portal.domain.mail import Mail, StaffRole
from portal.mail.render import render
from portal.observability import logger
from portal.settings import MailSettings
from portal.wiring import Singleton

processor = BatchProcessor(event_type=EventType.SQS)


class MailWiring:
    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings

    @cached_property
    def mailer(self) -> SesMailer:
        return SesMailer(self.settings.mail_from, self.settings.ses_configuration_set)

    @cached_property
    def cases(self) -> DynamoCaseStore:
        return DynamoCaseStore(self.settings.cases_table)

    @cached_property
    def idempotency_store(self) -> DynamoDBPersistenceLayer:
        return DynamoDBPersistenceLayer(table_name=self.settings.idempotency_table)

    @cached_property
    def idempotency_config(self) -> IdempotencyConfig:
        return IdempotencyConfig(event_key_jmespath="id", expires_after_seconds=7 * 24 * 3600)

    def address(self, mail: Mail) -> str:
        if mail.to_address:
            return mail.to_address
        if mail.to_staff is StaffRole.PRODUCT_SAFETY:
            return self.settings.product_safety_email
        return self.settings.legal_staff_email


wiring: Singleton[MailWiring] = Singleton(lambda: MailWiring(MailSettings.from_environ()))


def deliver(mail: dict[str, Any]) -> dict[str, str]:
    """Render and send one e-mail; run at most once per e-mail id."""
    current = wiring()
    message = Mail.model_validate(mail)
    rendered = render(message, current.settings.site_url)
    message_id = current.mailer.send(current.address(message), rendered)
    if message.case_reference:
        current.cases.mark_mail_sent(
            message.case_reference, message.template.value, datetime.now(UTC)
        )
    logger.info("mail sent", extra={"mail_id": message.id, "template": message.template.value})
    return {"message_id": message_id}


def record_handler(record: SQSRecord) -> None:
    current = wiring()
    mail = Mail.model_validate_json(record.body)
    # The outbox outlives the 7-day idempotency record: an e-mail it records as sent (queued
    # again by the sweeper or a redrive) is never sent twice.
    if mail.case_reference and current.cases.mail_sent(mail.case_reference, mail.template):
        logger.info("mail already sent", extra={"mail_id": mail.id})
        return
    once = idempotent_function(
        deliver,
        data_keyword_argument="mail",
        persistence_store=current.idempotency_store,
        config=current.idempotency_config,
        key_prefix="portal.mail",
    )
    once(mail=mail.model_dump(mode="json"))


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    wiring().idempotency_config.register_lambda_context(context)
    return dict(process_partial_response(event, record_handler, processor, context))
