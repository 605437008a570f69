"""
Messages from EU authorities to the single point of contact (Art. 11 DSA), including
product-safety matters from market surveillance authorities (GPSR Art. 22). The sender's
official address must be confirmed through a one-time link before the message counts.
"""

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from portal.domain import mail
from portal.domain.cases import (
    LANGUAGES,
    Case,
    CaseKind,
    CaseStatus,
    Confirmation,
    Language,
    Routing,
)
from portal.domain.errors import ConfirmationFailed
from portal.domain.intake import Intake, open_case
from portal.domain.member_states import normalize_member_state
from portal.domain.ports import CaseStore
from portal.domain.text import EmailAddress, IsoDate, MultiLine, SingleLine, Subject
from portal.domain.uploads import MAX_ATTACHMENTS

# Art. 11(3) DSA: the languages the contact point works in (French, an official language
# of the Member State of establishment, and English). Others are flagged for translation.
COMMUNICATION_LANGUAGES = ("en", "fr")
CONFIRMATION_VALIDITY = timedelta(days=7)
# One reminder, if the address is still not confirmed two days after the message came in.
REMINDER_AFTER = timedelta(hours=48)


class AuthorityType(StrEnum):
    DIGITAL_SERVICES_COORDINATOR = "digital_services_coordinator"
    MEMBER_STATE_AUTHORITY = "member_state_authority"
    EUROPEAN_COMMISSION = "european_commission"
    EUROPEAN_BOARD = "european_board_for_digital_services"
    MARKET_SURVEILLANCE = "market_surveillance_authority"
    OTHER = "other_competent_authority"


EU_LEVEL = {AuthorityType.EUROPEAN_COMMISSION, AuthorityType.EUROPEAN_BOARD}


class LegalBasis(StrEnum):
    ILLEGAL_CONTENT_ORDER = "order_against_illegal_content"  # Art. 9 DSA
    INFORMATION_ORDER = "information_order"  # Art. 10 DSA
    PRODUCT_SAFETY = "product_safety"  # GPSR Art. 22
    OTHER = "other"


class AuthorityMessage(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    submission_id: UUID
    language: Language
    authority_type: AuthorityType
    # Asked of national authorities only; refused for the Union's bodies rather than
    # stored unread (the form shows the field for national authorities only, too).
    member_state: str | None = Field(None, validate_default=True)
    authority_name: Annotated[SingleLine, StringConstraints(min_length=1, max_length=300)]
    official_email: EmailAddress
    authority_reference: Annotated[SingleLine, StringConstraints(min_length=1, max_length=100)]
    legal_basis: LegalBasis
    subject: Subject
    message: Annotated[MultiLine, StringConstraints(min_length=10, max_length=20000)]
    message_language: Annotated[str, Field(pattern=r"^[a-z]{2}$")]
    items: Annotated[
        list[Annotated[SingleLine, StringConstraints(min_length=1, max_length=500)]],
        Field(max_length=50),
    ] = []
    requested_deadline: IsoDate | None = None
    attachments: Annotated[list[UUID], Field(max_length=MAX_ATTACHMENTS)] = []

    @field_validator("member_state")
    @classmethod
    def _member_state(cls, member_state: str | None, info: ValidationInfo) -> str | None:
        authority = info.data.get("authority_type")
        if authority is None:
            return member_state  # the type is invalid: that is the error to show
        if authority in EU_LEVEL:
            if member_state is not None:
                raise PydanticCustomError("member_state_not_applicable", "EU-level body")
            return None
        if member_state is None:
            raise PydanticCustomError("member_state_required", "a Member State is needed")
        code = normalize_member_state(member_state)
        if code is None:
            raise PydanticCustomError("member_state_unknown", "not an EU Member State")
        return code


def routing(message: AuthorityMessage) -> Routing:
    """Product safety goes to its own team, whoever sends it."""
    if (
        message.legal_basis is LegalBasis.PRODUCT_SAFETY
        or message.authority_type is AuthorityType.MARKET_SURVEILLANCE
    ):
        return Routing.PRODUCT_SAFETY
    return Routing.LEGAL


def reply_language(message: AuthorityMessage) -> Language:
    """Acknowledge in the message's language when the portal has it, else the form's."""
    for language in LANGUAGES:
        if message.message_language == language:
            return language
    return message.language


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_confirmation_token() -> tuple[str, str]:
    """A one-time link's token and the hash that is stored in its place."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def submit_authority_message(content: Mapping[str, Any], *, spam: bool, intake: Intake) -> Case:
    """
    Store the message as awaiting confirmation and mail a one-time link to its sender; the
    mail worker makes the link's token when it sends (new_confirmation_token).
    """
    message = AuthorityMessage.model_validate(content)
    received_at = intake.clock()

    def mails(case: Case) -> list[mail.Mail]:
        return [
            mail.acknowledgement(
                case, mail.Template.AUTHORITY_CONFIRM_ADDRESS, message.official_email
            ),
            mail.staff_notification(case, unverified=True),
        ]

    return open_case(
        message,
        content,
        kind=CaseKind.AUTHORITY_MESSAGE,
        received_at=received_at,
        spam=spam,
        intake=intake,
        status=CaseStatus.AWAITING_CONFIRMATION,
        language=reply_language(message),
        routing=routing(message),
        translation_needed=message.message_language not in COMMUNICATION_LANGUAGES,
        confirmation=Confirmation(expires_at=received_at + CONFIRMATION_VALIDITY),
        mails=mails,
    )


def confirm_address(reference: str, token: str, *, now: datetime, store: CaseStore) -> Case:
    """
    Use a one-time link: the message now counts as verified and is acknowledged to the
    authority (the team in charge saw it at once, marked unverified). Using the link again
    changes nothing.
    """
    case = store.get(reference)
    pending = case.confirmation if case is not None else None
    given = hash_token(token)
    if (
        case is None
        or pending is None
        or not any(hmac.compare_digest(stored, given) for stored in pending.token_hashes)
    ):
        raise ConfirmationFailed()
    if case.confirmed_at is not None:
        return case
    if now > pending.expires_at:
        raise ConfirmationFailed("confirmation_expired")
    email = str(case.details["official_email"])
    mails = [mail.acknowledgement(case, mail.Template.AUTHORITY_MESSAGE_RECEIVED, email)]
    return store.confirm(case, now, mails)


def confirmation_reminder(case: Case) -> mail.Mail:
    """
    The one reminder to confirm the address: the reference and our words only. The mail
    worker adds the confirmation link, as for the first e-mail.
    """
    return mail.acknowledgement(
        case, mail.Template.AUTHORITY_CONFIRM_REMINDER, str(case.details["official_email"])
    )
