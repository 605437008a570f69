"""
Appeals (internal complaint handling, Art. 20 DSA): a review's author contests a removal,
a refusal to publish or an account blocking; a notifier contests the decision on a notice.
Free of charge, with an explanation and evidence, for six months after the person was
informed of the decision.
"""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from portal.domain import mail
from portal.domain.cases import Case, CaseKind, Language
from portal.domain.deadlines import appeal_window_closes, is_within_appeal_window
from portal.domain.errors import CaseNotFound, InvalidSubmission
from portal.domain.intake import check_attachments, store_new_case
from portal.domain.ports import CaseStore, UploadRegistry
from portal.domain.references import normalize_reference
from portal.domain.text import EmailAddress, Explanation, IsoDate, Name, SingleLine
from portal.domain.uploads import MAX_ATTACHMENTS


class AuthorDecision(StrEnum):
    REVIEW_REMOVED = "review_removed"
    REVIEW_NOT_PUBLISHED = "review_not_published"
    ACCOUNT_BLOCKED = "account_blocked"


class ReviewAuthor(BaseModel):
    """The author of a review, identified by the order and the review's date."""

    model_config = ConfigDict(extra="forbid")

    role: Literal["review_author"]
    decision: AuthorDecision
    order_number: Annotated[str, Field(pattern=r"^[A-Za-z0-9-]{4,40}$")]
    review_date: IsoDate
    informed_on: IsoDate
    case_reference: Annotated[SingleLine, StringConstraints(max_length=20)] | None = None


class Notifier(BaseModel):
    """The person who reported a review, identified by their case reference."""

    model_config = ConfigDict(extra="forbid")

    role: Literal["notifier"]
    case_reference: Annotated[SingleLine, StringConstraints(min_length=1, max_length=20)]
    informed_on: IsoDate | None = None


Appellant = Annotated[ReviewAuthor | Notifier, Field(discriminator="role")]


class Appeal(BaseModel):
    model_config = ConfigDict(extra="forbid")

    submission_id: UUID
    language: Language
    appellant: Appellant
    name: Name
    email: EmailAddress
    explanation: Explanation
    attachments: Annotated[list[UUID], Field(max_length=MAX_ATTACHMENTS)] = []


def _decided_case(reference_text: str, store: CaseStore, *, required: bool) -> Case | None:
    field = "appellant.case_reference"
    reference = normalize_reference(reference_text)
    if reference is None:
        raise InvalidSubmission("reference_invalid", field=field)
    case = store.get(reference)
    if case is None and required:
        raise CaseNotFound(field=field)
    return case


def informed_on(appeal: Appeal, store: CaseStore) -> date:
    """
    The day the appellant was informed of the decision: the stored one when we know the
    case, otherwise the date the appellant gives.
    """
    person = appeal.appellant
    field = "appellant.informed_on"
    if isinstance(person, Notifier):
        case = _decided_case(person.case_reference, store, required=True)
        if case is not None and case.kind is not CaseKind.NOTICE:
            raise InvalidSubmission("case_not_a_notice", field="appellant.case_reference")
        if case is not None and case.decision is not None:
            return case.decision.informed_on
        if person.informed_on is None:
            raise InvalidSubmission("decision_date_required", field=field)
        return person.informed_on
    if person.case_reference:
        case = _decided_case(person.case_reference, store, required=False)
        if case is not None and case.decision is not None:
            return case.decision.informed_on
    return person.informed_on


def check_dates(appeal: Appeal, informed: date, today: date) -> None:
    field = "appellant.informed_on"
    if informed > today:
        raise InvalidSubmission("date_in_future", field=field)
    person = appeal.appellant
    if isinstance(person, ReviewAuthor):
        if person.review_date > today:
            raise InvalidSubmission("date_in_future", field="appellant.review_date")
        if person.review_date > informed:
            raise InvalidSubmission("review_after_decision", field="appellant.review_date")
    if not is_within_appeal_window(informed, today):
        closed = appeal_window_closes(informed)
        raise InvalidSubmission("appeal_window_closed", field=field, closed_on=closed.isoformat())


def submit_appeal(
    appeal: Appeal,
    *,
    received_at: datetime,
    today: date,
    spam: bool,
    store: CaseStore,
    uploads: UploadRegistry,
    fingerprint: str = "",
) -> Case:
    attachments = [str(upload_id) for upload_id in appeal.attachments]
    details = appeal.model_dump(mode="json", exclude={"submission_id", "language", "attachments"})
    if not spam:
        informed = informed_on(appeal, store)
        check_dates(appeal, informed, today)
        check_attachments(attachments, uploads)
        details["informed_on"] = informed.isoformat()
        details["window_closes_on"] = appeal_window_closes(informed).isoformat()
    return store_new_case(
        store,
        kind=CaseKind.APPEAL,
        received_at=received_at,
        spam=spam,
        submission_id=str(appeal.submission_id),
        fingerprint=fingerprint,
        language=appeal.language,
        details=details,
        attachments=tuple(attachments),
        mails=lambda case: [
            mail.acknowledgement(case, mail.Template.APPEAL_RECEIVED, appeal.email, appeal.name),
            mail.staff_notification(case),
        ],
    )
