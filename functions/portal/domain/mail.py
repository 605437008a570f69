"""
E-mails the portal sends: which message, to whom, in which language, with what values.
The worker renders them (portal.mail) and sends them; the domain only decides.
"""

import hashlib
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, model_validator

from portal.domain.cases import Case, Language, Routing

# An address that a sender typed receives at most this many e-mails over any 24 hours
# (acknowledgements and confirmation links), so that the portal cannot be used to flood a
# third party's inbox. Ten covers a busy notifier (a notice names up to 20 reviews) and
# an authority resending a message; beyond it, cases are still stored and staff see the
# e-mails held back. Mirrored in README.md ("The intake API").
MAILS_PER_ADDRESS_PER_DAY = 10

# What an e-mail to a sender-typed address may carry: our reference and our own words,
# never text the sender chose (a name or a subject would let spam be relayed).
ACKNOWLEDGEMENT_VALUES = frozenset({"reference", "received_at"})
# What a decision e-mail adds (domain/decision_mails.py): dates, our codes, and what staff
# wrote. Still nothing a sender typed: the reviews are named by their number in the notice,
# or by their address on the marketplace.
DECISION_VALUES = frozenset(
    {
        "decided_at",
        "appeal_until",
        "decisions",
        "statement",
        "outcome",
        "reasons",
        "contested_case",
        "reviews",
        "effect",
        "effect_given_at",
        "receipt_confirmed_at",
    }
)
TYPED_ADDRESS_VALUES = ACKNOWLEDGEMENT_VALUES | DECISION_VALUES


class Template(StrEnum):
    NOTICE_RECEIVED = "notice_received"
    APPEAL_RECEIVED = "appeal_received"
    AUTHORITY_CONFIRM_ADDRESS = "authority_confirm_address"
    AUTHORITY_CONFIRM_REMINDER = "authority_confirm_reminder"
    AUTHORITY_MESSAGE_RECEIVED = "authority_message_received"
    # Decisions (domain/decision_mails.py), each in its recipient's language.
    NOTICE_DECIDED = "notice_decided"
    STATEMENT_OF_REASONS = "statement_of_reasons"
    APPEAL_DECIDED = "appeal_decided"
    DECISION_REVERSED = "decision_reversed"
    AUTHORITY_RECEIPT_CONFIRMED = "authority_receipt_confirmed"
    AUTHORITY_EFFECT_GIVEN = "authority_effect_given"
    STAFF_NEW_CASE = "staff_new_case"
    STAFF_RECIPIENTS_COMPUTED = "staff_recipients_computed"
    STAFF_REPORT_DRAFT = "staff_report_draft"


# E-mails that carry a one-time confirmation link. The mail worker makes the token when it
# sends and stores only its hash on the case: the token exists only in the e-mail.
CONFIRMATION_LINK_TEMPLATES = frozenset(
    {Template.AUTHORITY_CONFIRM_ADDRESS, Template.AUTHORITY_CONFIRM_REMINDER}
)


class StaffRole(StrEnum):
    """Staff mailboxes, resolved to addresses by the mail worker's settings."""

    LEGAL = "legal"
    PRODUCT_SAFETY = "product_safety"


class MailState(StrEnum):
    """Where an e-mail of a case's outbox stands."""

    PENDING = "pending"
    SENT = "sent"
    # Not sent: its address reached MAILS_PER_ADDRESS_PER_DAY; the case is flagged for staff.
    HELD_BACK = "held_back"
    # Not sent: no longer needed (a confirmation link for a case confirmed or deleted meanwhile).
    NOT_NEEDED = "not_needed"
    # Not sent: still failing after the sweeper queued it MAX_SWEEPS times; staff must look.
    FAILED = "failed"


# How often the sweeper queues an e-mail again (each time the queue retries it 5 times before
# its dead-letter queue): 8 sweeps, two hours. A mail SES keeps refusing is then left failed.
MAX_SWEEPS = 8


class Mail(BaseModel):
    """One e-mail to send. `id` is stable, so a retried delivery sends it once."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    id: str
    template: Template
    language: Language
    to_address: str | None = None
    to_staff: StaffRole | None = None
    values: dict[str, str]
    # The case whose outbox holds this e-mail (marked sent once delivered); None for
    # e-mails queued directly, such as the recipients job's.
    case_reference: str | None = None

    @property
    def outbox_key(self) -> str:
        """
        The e-mail's key in its case's outbox (`MAIL#<key>`): what follows the reference in
        its id, the template for a case's single e-mail of that kind
        (`statement_of_reasons/2` when there is one per review).
        """
        prefix = f"{self.case_reference}/"
        return self.id.removeprefix(prefix) if self.id.startswith(prefix) else self.template.value

    @property
    def recipient(self) -> str:
        """To whom, as staff see it: the address, or the staff mailbox's role."""
        return self.to_address or f"staff:{self.to_staff}"

    @model_validator(mode="after")
    def _no_sender_text_to_typed_addresses(self) -> "Mail":
        if self.to_address is not None and not set(self.values) <= TYPED_ADDRESS_VALUES:
            extra = ", ".join(sorted(set(self.values) - TYPED_ADDRESS_VALUES))
            raise ValueError(f"an e-mail to a typed address carries only our words, not {extra}")
        return self


def acknowledgement(case: Case, template: Template, to: str) -> Mail:
    """An e-mail to the address the sender typed: the reference and our own words only."""
    return Mail(
        id=f"{case.reference}/{template}",
        case_reference=case.reference,
        template=template,
        language=case.language,
        to_address=to,
        values={"reference": case.reference, "received_at": case.received_at.isoformat()},
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


def normalized_address(address: str) -> str:
    """
    One spelling per mailbox, to count its e-mails or to tell whether two addresses are
    the same: lowercase, the domain in IDNA form.
    """
    from email_validator import EmailNotValidError, validate_email  # on first use

    try:
        checked = validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return address.strip().lower()
    return (checked.ascii_email or checked.normalized).lower()


# Providers that ignore dots in the local part: every spelling reaches one mailbox.
_DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def mailbox(address: str) -> str:
    """
    The mailbox an address delivers to, as far as we can tell: without a `+tag` (most
    providers deliver jan+x@ to jan@), without dots where the provider ignores them. The
    per-address cap counts mailboxes, so that spellings of one address share its budget.
    """
    local, _, domain = normalized_address(address).rpartition("@")
    local = local.split("+", 1)[0] or local
    if domain in _DOTLESS_DOMAINS:
        domain = _DOTLESS_DOMAINS[domain]
        local = local.replace(".", "")
    return f"{local}@{domain}"


def address_key(address: str) -> str:
    """What the e-mail counter is keyed by: a hash of the mailbox, never the address."""
    return hashlib.sha256(mailbox(address).encode()).hexdigest()
