"""
Telling legal staff about a computed active-recipients figure: an e-mail through the mail
queue, sent by the mail worker like every other e-mail the portal sends.
"""

from portal.domain.mail import Mail, StaffRole, Template
from portal.domain.ports import MailQueue
from portal.domain.recipients import RecipientsRecord
from portal.domain.report_drafts import ReportDraft


def recipients_mail(record: RecipientsRecord, location: str) -> Mail:
    computed = record.computed_at.isoformat()
    return Mail(
        id=f"recipients/{record.period_end.isoformat()}/{computed}",
        template=Template.STAFF_RECIPIENTS_COMPUTED,
        language="en",
        to_staff=StaffRole.LEGAL,
        values={
            "received_at": computed,
            "period_start": record.period_start.isoformat(),
            "period_end": record.period_end.isoformat(),
            "average": f"{record.average_monthly_active_recipients:,}",
            "threshold_comparison": "reaching" if record.reaches_threshold else "below",
            "missing_months": ", ".join(record.missing_months),
            "location": location,
        },
    )


def report_draft_mail(draft: ReportDraft, console_url: str | None) -> Mail:
    """Staff's own words only: the period, who asked, the files' names, the failure."""
    finished = (draft.finished_at or draft.requested_at).isoformat()
    values = {
        "received_at": finished,
        "period_start": draft.period_start.isoformat(),
        "period_end": draft.period_end.isoformat(),
        "requested_by": draft.requested_by,
        "status": draft.status.value,
        "files": ", ".join(draft.files),
        "failure": draft.failure or "",
    }
    if console_url:
        values["console_url"] = console_url
    return Mail(
        id=f"report-draft/{draft.id}/{draft.status.value}",
        template=Template.STAFF_REPORT_DRAFT,
        language="en",
        to_staff=StaffRole.LEGAL,
        values=values,
    )


class QueuedStaffNotifier:
    def __init__(self, queue: MailQueue, console_url: str | None = None) -> None:
        self.queue = queue
        self.console_url = console_url

    def recipients_computed(self, record: RecipientsRecord, location: str) -> None:
        self.queue.enqueue(recipients_mail(record, location))

    def report_draft_finished(self, draft: ReportDraft) -> None:
        self.queue.enqueue(report_draft_mail(draft, self.console_url))
