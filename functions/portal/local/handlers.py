"""
Every Lambda handler wired to a local stack's resources, from the environment the template
gives each function, as Lambda would read it: `make serve` and the integration tests share it.
"""

from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType

import boto3

from portal.api import app, staff_app
from portal.bootstrap.api import bootstrap_api
from portal.bootstrap.case_events import bootstrap_case_events
from portal.bootstrap.mail import bootstrap_mail
from portal.bootstrap.report_drafts import bootstrap_report_drafts
from portal.bootstrap.staff_api import bootstrap_staff_api
from portal.bootstrap.submit_statements import bootstrap_submit_statements
from portal.bootstrap.sweep import bootstrap_sweep
from portal.bootstrap.upload_check import bootstrap_upload_check
from portal.plain_settings import UploadCheckSettings
from portal.settings import (
    ApiSettings,
    CaseEventsSettings,
    MailSettings,
    ReportDraftSettings,
    StaffApiSettings,
    SubmitStatementsSettings,
    SweepSettings,
)
from portal.workers import case_events, check_upload, send_mail, submit_statements, sweep_outbox
from portal.workers import report_drafts as report_drafts_worker

Environment = Callable[..., dict[str, str]]
# Every entry point wire_handlers wires: each holds what its bootstrap made in `services`.
ENTRY_POINTS: tuple[ModuleType, ...] = (
    app,
    staff_app,
    case_events,
    check_upload,
    send_mail,
    submit_statements,
    sweep_outbox,
    report_drafts_worker,
)
Wiring = Mapping[str, object]
# Legal staff's answers and records, which the deploy copies beside the drafts (inputs/).
REPORT_INPUTS = Path("reports") / "transparency"


def wire_api(api_environment: dict[str, str]) -> None:
    """Bootstraps the API with its environment."""
    app.services = bootstrap_api(ApiSettings.from_environ(api_environment))


def start_api_environment(api_environment: dict[str, str]) -> None:
    """
    Bootstraps the API in one of `make serve`'s execution environments and reads its secrets
    and opens its connections now, so that the first senders do not wait for them (about
    1 s each).
    """
    wire_api(api_environment)
    current = app.services
    assert current is not None  # noqa: S101 - set just above
    current.origin_secret()
    current.challenge.issue(current.clock())
    current.cases.client.describe_table(TableName=current.cases.table)
    current.uploads.client.head_bucket(Bucket=current.uploads.bucket)


def wire_handlers(environment: Environment, api_environment: dict[str, str]) -> MailSettings:
    """Bootstraps the API and the workers; SES gets the sender's domain as a verified identity."""
    wire_api(api_environment)
    mail = MailSettings.from_environ(environment("MailFunction"))
    send_mail.services = bootstrap_mail(mail)
    case_events.services = bootstrap_case_events(
        CaseEventsSettings.from_environ(environment("CaseEventsFunction"))
    )
    check_upload.services = bootstrap_upload_check(
        UploadCheckSettings.from_environ(environment("UploadCheckFunction"))
    )
    staff_app.services = bootstrap_staff_api(
        StaffApiSettings.from_environ(environment("StaffApiFunction"))
    )
    sweep_outbox.services = bootstrap_sweep(
        SweepSettings.from_environ(environment("SweepFunction"))
    )
    submit_statements.services = bootstrap_submit_statements(
        SubmitStatementsSettings.from_environ(environment("SubmitStatementsFunction"))
    )
    # Locally the drafts are counted with DuckDB on a copy of moto's export: the starting
    # job's environment, which names no Athena workgroup (moto has none).
    drafts = ReportDraftSettings.from_environ(
        environment("ReportDraftStartFunction", REPORT_ENGINE="duckdb")
    )
    report_drafts_worker.services = bootstrap_report_drafts(drafts)
    for name in ("qualitative.yml", "records.yml"):
        if (REPORT_INPUTS / name).is_file():
            report_drafts_worker.services.store.client.upload_file(
                str(REPORT_INPUTS / name), drafts.drafts_bucket, f"inputs/{name}"
            )
    boto3.client("sesv2").create_email_identity(EmailIdentity=mail.mail_from.split("@")[1])
    return mail


def wiring() -> Wiring:
    """What each entry point is wired to now, for `rewire` to put back."""
    return {module.__name__: module.services for module in ENTRY_POINTS}


def rewire(wired: Wiring) -> None:
    """Wires every entry point to what `wiring` returned (a stack kept across tests)."""
    for module in ENTRY_POINTS:
        setattr(module, "services", wired[module.__name__])  # noqa: B010 - each module's own


def unwire() -> None:
    """Every entry point forgets its services: the next event bootstraps afresh."""
    for module in ENTRY_POINTS:
        setattr(module, "services", None)  # noqa: B010 - each module's own
