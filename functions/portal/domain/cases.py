"""
Cases: what the portal stores for each accepted submission, and how long it keeps it.
"""

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict

# The portal's languages, the source (English) first: the one list, which the site build,
# the API and the e-mails all read. A new language is a code here, a folder in docs/ and a
# catalog in locales/.
Language = Literal["en", "fr", "nl", "de", "es", "it"]
LANGUAGES: tuple[Language, ...] = get_args(Language)


class CaseKind(StrEnum):
    NOTICE = "notice"
    AUTHORITY_MESSAGE = "authority_message"
    APPEAL = "appeal"


REFERENCE_PREFIXES = {
    CaseKind.NOTICE: "NT",
    CaseKind.AUTHORITY_MESSAGE: "AU",
    CaseKind.APPEAL: "AP",
}


class CaseStatus(StrEnum):
    RECEIVED = "received"
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    SPAM = "spam"
    # Staff recorded a decision (domain/decisions.py): off the list of cases to handle.
    DECIDED = "decided"


class Routing(StrEnum):
    """Which team handles a case: product safety is kept apart (GPSR Art. 22)."""

    LEGAL = "legal"
    PRODUCT_SAFETY = "product_safety"


# How long a case is kept after it was received; DynamoDB's TTL then deletes it.
# Notices and appeals: the six-month appeal window, the handling of the appeal, and the
# yearly DSA transparency report (Art. 15, 24(1)) that counts them all fit in two years.
# Authority messages: official correspondence, kept five years, as long as the harmonised
# transparency reports must be kept (Implementing Regulation (EU) 2024/2835).
# Spam: thirty days, to investigate abuse, then gone.
# A notice or appeal whose address is not confirmed yet (sent without JavaScript): as spam.
# An authority message whose address is not confirmed yet is kept without limit: staff see
# it at once, marked unverified, and it is never deleted before they decide (spam, or keep).
RETENTION = {
    CaseKind.NOTICE: timedelta(days=2 * 365),
    CaseKind.APPEAL: timedelta(days=2 * 365),
    CaseKind.AUTHORITY_MESSAGE: timedelta(days=5 * 365),
}
SHORT_RETENTION = timedelta(days=30)
# How long a one-time link that confirms a sender's address stays valid.
CONFIRMATION_VALIDITY = timedelta(days=7)


class Decision(BaseModel):
    """A moderation decision on a case, recorded by legal staff."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    outcome: str
    decided_at: datetime
    # Art. 20(1) DSA: the appeal window runs from this day, for notifier and author alike.
    informed_on: date
    # Where the statement of reasons (Art. 17 DSA) went: the author of the review or the
    # holder of the account. With it they may appeal by the case reference alone.
    author_email: str | None = None


class Confirmation(BaseModel):
    """
    The pending one-time link that proves an authority controls its address. The mail
    worker adds the hash of each link it mails (a retried send mails a new one); any of
    them confirms. The tokens themselves are never stored.
    """

    model_config = ConfigDict(defer_build=True, frozen=True)

    expires_at: datetime
    token_hashes: tuple[str, ...] = ()


class Case(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)

    reference: str
    kind: CaseKind
    status: CaseStatus
    submission_id: str
    # A hash of the content the sender sent (domain/intake.py `fingerprint`): a reused
    # submission ID with other content is refused for as long as the case is kept.
    fingerprint: str = ""
    received_at: datetime
    language: Language
    routing: Routing = Routing.LEGAL
    translation_needed: bool = False
    details: dict[str, Any]
    attachments: tuple[str, ...] = ()
    decision: Decision | None = None
    confirmation: Confirmation | None = None
    confirmed_at: datetime | None = None


def sender_address(case: Case) -> str | None:
    """The address the case's sender gave: a notifier's or appellant's, an authority's."""
    return case.details.get("email") or case.details.get("official_email")


def expires_at(case: Case) -> datetime | None:
    """When the case is deleted (DynamoDB TTL); None: not until staff decide."""
    if case.status is CaseStatus.AWAITING_CONFIRMATION:
        if case.kind is CaseKind.AUTHORITY_MESSAGE:
            return None
        # A notice or appeal sent without JavaScript counts only once confirmed: unconfirmed,
        # it is kept as briefly as spam (a form post costs a bot nothing).
        return case.received_at + SHORT_RETENTION
    if case.status is CaseStatus.SPAM:
        return case.received_at + SHORT_RETENTION
    return case.received_at + RETENTION[case.kind]
