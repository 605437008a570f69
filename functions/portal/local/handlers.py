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


def wire_handlers(environment: Environment, api_environment: dict[str, str]) -> MailSettings:
    """Wires the API and the workers; SES gets the sender's domain as a verified identity."""
    api_wiring.use(ApiSettings.from_environ(api_environment))
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
