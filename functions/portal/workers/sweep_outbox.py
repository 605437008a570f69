"""
Scheduled sweeper (EventBridge Scheduler, every 15 minutes): nothing stored is left behind.
E-mails still pending in the outbox some minutes after they were stored (a stream record set
aside, a lost queue message) are queued again; the mail worker sends each e-mail id once and
never one the outbox records as sent, so queuing again is safe. Authority messages whose
address is still unconfirmed after 48 hours get their one reminder (Art. 11 DSA). The
attachments of cases received in the last hours are marked as kept again (tagging is
idempotent), so a stream record set aside never lets the 7-day rule delete evidence.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

from portal.adapters.cases import DynamoCaseStore
from portal.adapters.uploads import S3Uploads
from portal.bootstrap.sweep import SweepServices, bootstrap_sweep
from portal.domain.authority_messages import REMINDER_AFTER, confirmation_reminder
from portal.domain.cases import CONFIRMATION_VALIDITY, CaseKind, CaseStatus
from portal.observability import logger

# Longer than the stream and the queue take on a good day, so the sweeper rarely queues
# an e-mail that is on its way anyway (which would still be sent once).
PENDING_AFTER = timedelta(minutes=15)
# Far within the 7 days after which an upload never attached is deleted; an outage of the
# sweeper itself raises its alarm well before.
ATTACH_WINDOW = timedelta(hours=6)


# Bootstrapped at the first event; tests and the local server set their own.
services: SweepServices | None = None


def current_services() -> SweepServices:
    global services
    if services is None:
        services = bootstrap_sweep()
    return services


def remind_unconfirmed(cases: DynamoCaseStore, now: datetime) -> int:
    """Store the one reminder of each authority message unconfirmed for 48 hours; the
    stream queues it. A conditional write: a case is never reminded twice."""
    reminded = 0
    waiting = cases.cases_in_status(
        CaseKind.AUTHORITY_MESSAGE,
        CaseStatus.AWAITING_CONFIRMATION,
        received_from=now - CONFIRMATION_VALIDITY,
        received_to=now - REMINDER_AFTER,
    )
    for case in waiting:
        if cases.add_mail(case, confirmation_reminder(case), now):
            reminded += 1
            logger.info("confirmation reminder stored", extra={"reference": case.reference})
    return reminded


def keep_attachments(cases: DynamoCaseStore, uploads: S3Uploads, now: datetime) -> int:
    """Mark again as kept the attachments of every recent case, as the stream does."""
    kept = 0
    for case in cases.cases_received(now - ATTACH_WINDOW, now - PENDING_AFTER):
        for upload_id in case.attachments:
            uploads.attach(upload_id, case.reference)
            kept += 1
    return kept


def sweep(now: datetime) -> dict[str, int]:
    current = current_services()
    requeued = 0
    for mail in current.cases.pending_mails(queued_before=now - PENDING_AFTER):
        if mail.case_reference and not current.cases.count_sweep(
            mail.case_reference, mail.outbox_key, now
        ):
            logger.warning("pending mail left failed", extra={"mail_id": mail.id})
            continue
        current.queue.enqueue(mail)
        requeued += 1
        logger.info("pending mail queued again", extra={"mail_id": mail.id})
    reminded = remind_unconfirmed(current.cases, now)
    kept = keep_attachments(current.cases, current.uploads, now)
    return {"requeued": requeued, "reminded": reminded, "attachments_kept": kept}


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    return sweep(datetime.now(UTC))
