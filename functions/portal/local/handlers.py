"""
Every Lambda handler wired to a local stack's resources, from the environment the template
gives each function, as Lambda would read it: `make serve` and the integration tests share it.
"""

from collections.abc import Callable

import boto3

from portal.api import wiring as api_wiring
from portal.settings import (
    ApiSettings,
    CaseEventsSettings,
    MailSettings,
    SweepSettings,
    UploadCheckSettings,
)
from portal.workers import case_events, check_upload, send_mail, sweep_outbox

Environment = Callable[[str], dict[str, str]]


def wire_api(api_environment: dict[str, str]) -> None:
    """Wires the API."""
    api_wiring.use(ApiSettings.from_environ(api_environment))


def start_api_environment(api_environment: dict[str, str]) -> None:
    """
    Wires the API in one of `make serve`'s execution environments and makes its clients and
    secrets now, so that the first senders do not wait for them (about 1 s each).
    """
    wire_api(api_environment)
    current = api_wiring.wiring()
    for made in ("challenge", "origin_secret", "idempotency_store"):
        getattr(current, made)
    # Makes each client and its first connection.
    current.cases.client.describe_table(TableName=current.cases.table)
    current.uploads.client.head_bucket(Bucket=current.uploads.bucket)


def wire_handlers(environment: Environment, api_environment: dict[str, str]) -> MailSettings:
    """Wires the API and the workers; SES gets the sender's domain as a verified identity."""
    wire_api(api_environment)
    mail = MailSettings.from_environ(environment("MailFunction"))
    send_mail.wiring.use(send_mail.MailWiring(mail))
    case_events.wiring.use(
        case_events.CaseEventsWiring(
            CaseEventsSettings.from_environ(environment("CaseEventsFunction"))
        )
    )
    check_upload.wiring.use(
        check_upload.UploadCheckWiring(
            UploadCheckSettings.from_environ(environment("UploadCheckFunction"))
        )
    )
    sweep_outbox.wiring.use(
        sweep_outbox.SweepWiring(SweepSettings.from_environ(environment("SweepFunction")))
    )
    boto3.client("sesv2").create_email_identity(EmailIdentity=mail.mail_from.split("@")[1])
    return mail
