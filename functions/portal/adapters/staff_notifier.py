"""
Telling legal staff about a computed active-recipients figure: an e-mail through the mail
queue, sent by the mail worker like every other e-mail the portal sends.
"""

from portal.domain.mail import Mail, StaffRole, Template
from portal.domain.ports import MailQueue
from portal.domain.recipients import RecipientsRecord


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


class QueuedStaffNotifier:
    def __init__(self, queue: MailQueue) -> None:
        self.queue = queue

    def recipients_computed(self, record: RecipientsRecord, location: str) -> None:
        self.queue.enqueue(recipients_mail(record, location))
