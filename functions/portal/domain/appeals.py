"""
Appeals (internal complaint handling, Art. 20 DSA): a review's author contests a removal,
a refusal to publish or an account blocking; a notifier contests the decision on a notice.
Free of charge, with an explanation and evidence, for six months after the person was
informed of the decision. A case reference opens nothing to anyone but the person the
case concerns: a notifier's address must be the notice's, an author's the one our
statement of reasons went to.
"""

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated, Any, Literal
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
from portal.domain.cases import Case, CaseKind, Language, sender_address
from portal.domain.deadlines import appeal_window_closes, is_within_appeal_window, operator_date
from portal.domain.errors import CaseNotFound, InvalidSubmission
from portal.domain.intake import Intake, open_case
from portal.domain.ports import CaseStore
from portal.domain.references import normalize_reference
from portal.domain.text import EmailAddress, Explanation, IsoDate, Name, SingleLine
from portal.domain.uploads import MAX_ATTACHMENTS


class AuthorDecision(StrEnum):
    REVIEW_REMOVED = "review_removed"
    REVIEW_NOT_PUBLISHED = "review_not_published"
    ACCOUNT_BLOCKED = "account_blocked"


Reference = Annotated[SingleLine, StringConstraints(min_length=1, max_length=20)]


class ReviewAuthor(BaseModel):
    """
    The author of a review (or the holder of a blocked account): either the case reference
    of our statement of reasons, or the order number, the review's date (not for an account
    blocking) and the day we told them of the decision.
    """

    model_config = ConfigDict(defer_build=True, extra="forbid")

    role: Literal["review_author"]
    decision: AuthorDecision
    case_reference: Reference | None = None
    order_number: Annotated[str, Field(pattern=r"^[A-Za-z0-9\-]{4,40}$")] | None = Field(
        None, validate_default=True
    )
    review_date: IsoDate | None = Field(None, validate_default=True)
    informed_on: IsoDate | None = Field(None, validate_default=True)

    @field_validator("case_reference", mode="before")
    @classmethod
    def _blank_as_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("order_number", "review_date", "informed_on")
    @classmethod
    def _given_without_a_reference(cls, value: Any, info: ValidationInfo) -> Any:
        if value is not None or info.data.get("case_reference"):
            return value
        if info.field_name == "review_date" and (
            info.data.get("decision") is AuthorDecision.ACCOUNT_BLOCKED
        ):
            return value  # an account blocking is about no review in particular
        raise PydanticCustomError("required", "needed unless the case reference is given")


class Notifier(BaseModel):
    """
    The person who reported a review, identified by their case reference and the address
    they reported from. The day they were informed is the one we stored with our decision.
    """

    model_config = ConfigDict(defer_build=True, extra="forbid")

    role: Literal["notifier"]
    case_reference: Reference


Appellant = Annotated[ReviewAuthor | Notifier, Field(discriminator="role")]


class Appeal(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    submission_id: UUID
    language: Language
    appellant: Appellant
    name: Name
    email: EmailAddress
    explanation: Explanation
    attachments: Annotated[list[UUID], Field(max_length=MAX_ATTACHMENTS)] = []


_REFERENCE_FIELD = "appellant.case_reference"


def _is_same_address(first: str | None, second: str | None) -> bool:
    return bool(first and second) and mail.normalized_address(
        str(first)
    ) == mail.normalized_address(str(second))


def _case_of(
    reference_text: str, email: str, store: CaseStore, owner: Callable[[Case], str | None]
) -> Case:
    """
    The case a reference names, if it is the appellant's. Another person's case, whatever
    its kind or state, is answered exactly like an unknown reference: nothing leaks.
    """
    reference = normalize_reference(reference_text)
    if reference is None:
        raise InvalidSubmission("reference_invalid", field=_REFERENCE_FIELD)
    case = store.get(reference)
    if case is None or not _is_same_address(owner(case), email):
        raise CaseNotFound(field=_REFERENCE_FIELD)
    return case


def _author_of(case: Case) -> str | None:
    return case.decision.author_email if case.decision is not None else None


def decided_case(appeal: Appeal, store: CaseStore) -> Case | None:
    """
    The decided case the appeal names, or None when a review's author names none. A
    notifier's notice must be theirs and decided; an author's case must be decided about
    them (our statement of reasons went to their address).
    """
    person = appeal.appellant
    if isinstance(person, Notifier):
        case = _case_of(person.case_reference, appeal.email, store, sender_address)
        if case.kind is not CaseKind.NOTICE:
            raise InvalidSubmission("case_not_a_notice", field=_REFERENCE_FIELD)
        if case.decision is None:
            raise InvalidSubmission("not_decided_yet", field=_REFERENCE_FIELD)
        return case
    if person.case_reference is None:
        return None
    return _case_of(person.case_reference, appeal.email, store, _author_of)


# The Union's time zones run at most a day ahead of Paris's date (EET/EEST at 00:30).
SENDERS_AHEAD = timedelta(days=1)


def check_dates(appeal: Appeal, informed: date, today: date, *, stored: bool) -> None:
    """
    Art. 20(1) DSA: six months from the day the person was informed. That day is ours when
    we stored it (an error then concerns the case reference), else the one they give.
    """
    person = appeal.appellant
    field = _REFERENCE_FIELD if stored else "appellant.informed_on"
    # `today` is the operator's (Paris); a sender further east may already be a day ahead.
    latest = today + SENDERS_AHEAD
    if not stored and informed > latest:
        raise InvalidSubmission("date_in_future", field=field)
    if isinstance(person, ReviewAuthor) and person.review_date is not None:
        if person.review_date > latest:
            raise InvalidSubmission("date_in_future", field="appellant.review_date")
        if person.review_date > informed:
            raise InvalidSubmission("review_after_decision", field="appellant.review_date")
    # A date up to SENDERS_AHEAD after ours is the sender's today: their window is open.
    if not is_within_appeal_window(informed, max(today, informed)):
        closed = appeal_window_closes(informed)
        raise InvalidSubmission("appeal_window_closed", field=field, closed_on=closed.isoformat())


def _informed(appeal: Appeal, store: CaseStore) -> tuple[date, Case | None]:
    case = decided_case(appeal, store)
    if case is not None and case.decision is not None:
        return case.decision.informed_on, case
    person = appeal.appellant
    # Without a case, ReviewAuthor's validation made the author give the day.
    if not isinstance(person, ReviewAuthor) or person.informed_on is None:
        raise InvalidSubmission("required", field="appellant.informed_on")
    return person.informed_on, None


def submit_appeal(
    content: Mapping[str, Any], *, spam: bool, intake: Intake, by_email: bool = False
) -> Case:
    """`by_email`: sent without proof of work; its sender confirms their address first."""
    appeal = Appeal.model_validate(content)
    received_at = intake.clock()
    details = appeal.model_dump(mode="json", exclude={"submission_id", "language", "attachments"})
    if not spam:
        informed, case = _informed(appeal, intake.store)
        check_dates(appeal, informed, operator_date(received_at), stored=case is not None)
        if case is not None:
            details["contested_case"] = case.reference
        details["informed_on"] = informed.isoformat()
        details["window_closes_on"] = appeal_window_closes(informed).isoformat()
    return open_case(
        appeal,
        content,
        kind=CaseKind.APPEAL,
        received_at=received_at,
        spam=spam,
        intake=intake,
        confirm_by=appeal.email if by_email else None,
        details=details,
        mails=lambda case: [
            mail.acknowledgement(case, mail.Template.APPEAL_RECEIVED, appeal.email),
            mail.staff_notification(case),
        ],
    )
