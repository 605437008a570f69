"""
Messages from EU authorities to the single point of contact (Art. 11 DSA), including
product-safety matters from market surveillance authorities (GPSR Art. 22). The sender's
official address must be confirmed through a one-time link before the message counts.
"""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
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
from portal.domain.intake import check_attachments, store_new_case
from portal.domain.member_states import normalize_member_state
from portal.domain.ports import CaseStore, UploadRegistry
from portal.domain.text import EmailAddress, IsoDate, MultiLine, SingleLine, Subject
from portal.domain.uploads import MAX_ATTACHMENTS

# Art. 11(3) DSA: the languages the contact point works in (French, an official language
# of the Member State of establishment, and English). Others are accepted and translated.
COMMUNICATION_LANGUAGES = ("en", "fr")
CONFIRMATION_VALIDITY = timedelta(days=7)


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
    model_config = ConfigDict(extra="forbid")

    submission_id: UUID
    language: Language
    authority_type: AuthorityType
    member_state: str | None = None
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

    @model_validator(mode="after")
    def _member_state(self) -> "AuthorityMessage":
        if self.member_state is None:
            if self.authority_type not in EU_LEVEL:
                raise PydanticCustomError("member_state_required", "a Member State is needed")
            return self
        code = normalize_member_state(self.member_state)
        if code is None:
            raise PydanticCustomError("member_state_unknown", "not an EU Member State")
        self.member_state = code
        return self


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


def submit_authority_message(
    message: AuthorityMessage,
    *,
    received_at: datetime,
    spam: bool,
    store: CaseStore,
    uploads: UploadRegistry,
    fingerprint: str = "",
) -> Case:
    """Store the message as awaiting confirmation and mail a one-time link to its sender."""
    attachments = [str(upload_id) for upload_id in message.attachments]
    if not spam:
        check_attachments(attachments, uploads)
    token = secrets.token_urlsafe(32)

    def mails(case: Case) -> list[mail.Mail]:
        link = mail.acknowledgement(
            case, mail.Template.AUTHORITY_CONFIRM_ADDRESS, message.official_email
        )
        return [link.model_copy(update={"values": {**link.values, "token": token}})]

    return store_new_case(
        store,
        kind=CaseKind.AUTHORITY_MESSAGE,
        received_at=received_at,
        spam=spam,
        status=CaseStatus.AWAITING_CONFIRMATION,
        submission_id=str(message.submission_id),
        fingerprint=fingerprint,
        language=reply_language(message),
        routing=routing(message),
        translation_needed=message.message_language not in COMMUNICATION_LANGUAGES,
        details=message.model_dump(
            mode="json", exclude={"submission_id", "language", "attachments"}
        ),
        attachments=tuple(attachments),
        confirmation=Confirmation(
            token_hash=hash_token(token), expires_at=received_at + CONFIRMATION_VALIDITY
        ),
        mails=mails,
    )


def confirm_address(reference: str, token: str, *, now: datetime, store: CaseStore) -> Case:
    """
    Use a one-time link: the message now counts as verified, is acknowledged to the
    authority and reaches the team in charge. Using the link again changes nothing.
    """
    case = store.get(reference)
    pending = case.confirmation if case is not None else None
    if (
        case is None
        or pending is None
        or not hmac.compare_digest(pending.token_hash, hash_token(token))
    ):
        raise ConfirmationFailed()
    if case.confirmed_at is not None:
        return case
    if now > pending.expires_at:
        raise ConfirmationFailed("confirmation_expired")
    email = str(case.details["official_email"])
    mails = [
        mail.acknowledgement(case, mail.Template.AUTHORITY_MESSAGE_RECEIVED, email),
        mail.staff_notification(case),
    ]
    return store.confirm(case, now, mails)
