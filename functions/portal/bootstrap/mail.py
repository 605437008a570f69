"""The mail worker's services: SES, the outbox, the per-address cap, idempotency."""

from dataclasses import dataclass
from typing import Any

import boto3
from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig

from portal.adapters.cases import DynamoCaseStore
from portal.adapters.idempotency import DynamoIdempotencyStore
from portal.adapters.mail_cap import DynamoMailCap
from portal.adapters.mailer import SesMailer
from portal.settings import (
    MailSettings,
)

# A week: a redelivered e-mail is recognised as long as SQS and its dead-letter queue keep it.
MAIL_IDEMPOTENCY_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class MailServices:
    settings: MailSettings
    mailer: SesMailer
    cases: DynamoCaseStore
    cap: DynamoMailCap
    idempotency_store: DynamoIdempotencyStore
    idempotency_config: IdempotencyConfig


def bootstrap_mail(settings: MailSettings | None = None, **replacing: Any) -> MailServices:
    settings = settings or MailSettings.from_environ()
    dynamodb = boto3.client("dynamodb")
    return MailServices(
        settings=settings,
        mailer=replacing.get("mailer")
        or SesMailer(settings.mail_from, boto3.client("sesv2"), settings.ses_configuration_set),
        cases=DynamoCaseStore(settings.cases_table, dynamodb),
        cap=DynamoMailCap(settings.idempotency_table, dynamodb),
        idempotency_store=DynamoIdempotencyStore(
            table_name=settings.idempotency_table, boto3_client=dynamodb
        ),
        idempotency_config=IdempotencyConfig(
            event_key_jmespath="id", expires_after_seconds=MAIL_IDEMPOTENCY_SECONDS
        ),
    )
