"""
E-mails the portal sends: which message, to whom, in which language, with what values.
The worker renders them (portal.mail) and sends them; the domain only decides.
"""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from portal.domain.cases import Case, Language, Routing


class Template(StrEnum):
    NOTICE_RECEIVED = "notice_received"
    APPEAL_RECEIVED = "appeal_received"
    AUTHORITY_CONFIRM_ADDRESS = "authority_confirm_address"
    AUTHORITY_CONFIRM_REMINDER = "authority_confirm_reminder"
    AUTHORITY_MESSAGE_RECEIVED = "authority_message_received"
    STAFF_NEW_CASE = "staff_new_case"
    STAFF_RECIPIENTS_COMPUTED = "staff_recipients_computed"


# E-mails that carry the one-time link confirming an authority's address.
CONFIRMATION_LINK_TEMPLATES = frozenset(
    {Template.AUTHORITY_CONFIRM_ADDRESS, Template.AUTHORITY_CONFIRM_REMINDER}
)


class StaffRole(StrEnum):
    """Staff mailboxes, resolved to addresses by the mail worker's settings."""

    LEGAL = "legal"
    PRODUCT_SAFETY = "product_safety"


class Mail(BaseModel):
    """One e-mail to send. `id` is stable, so a retried delivery sends it once."""

    model_config = ConfigDict(frozen=True)

    id: str
    template: Template
    language: Language
    to_address: str | None = None
    to_staff: StaffRole | None = None
    values: dict[str, str]
    # The case whose outbox holds this e-mail (marked sent once delivered); None for
    # e-mails queued directly, such as the recipients job's.
    case_reference: str | None = None


def acknowledgement(case: Case, template: Template, to: str, name: str = "") -> Mail:
    return Mail(
        id=f"{case.reference}/{template}",
        case_reference=case.reference,
        template=template,
        language=case.language,
        to_address=to,
        values={
            "reference": case.reference,
            "name": name,
            "received_at": case.received_at.isoformat(),
        },
    )


def staff_notification(case: Case, *, unverified: bool = False) -> Mail:
    """
    Tells the team in charge that a case arrived; staff read English. `unverified`: the
    sender's address is not confirmed yet (an authority message, shown to staff at once).
    """
    role = StaffRole.PRODUCT_SAFETY if case.routing is Routing.PRODUCT_SAFETY else StaffRole.LEGAL
    return Mail(
        id=f"{case.reference}/{Template.STAFF_NEW_CASE}",
        case_reference=case.reference,
        template=Template.STAFF_NEW_CASE,
        language="en",
        to_staff=role,
        values={
            "reference": case.reference,
            "kind": case.kind.value,
            "received_at": case.received_at.isoformat(),
            "translation_needed": "yes" if case.translation_needed else "no",
            "unverified": "yes" if unverified else "no",
        },
    )
