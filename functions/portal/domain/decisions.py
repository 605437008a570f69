"""
Decisions staff record: on a notice, review by review (Art. 16(5)-(6), 17 DSA); on an
appeal, by a person, with reasons (Art. 20(4)-(6)); and what was done about an
authority's order (Art. 9-10). A case is decided once: only an upheld appeal changes a
decision, by reversing it, and the reversal is recorded with its time.

What staff write here about the ground and the facts goes, word for word, into the
statement of reasons that the Transparency Database publishes (domain/statements.py): it
is checked for personal data (domain/personal_data.py) before anything is recorded.
"""

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from portal.domain.cases import Case, CaseKind, Decision, Language
from portal.domain.criteria import Criterion
from portal.domain.deadlines import operator_date
from portal.domain.errors import AlreadyDecided, InvalidSubmission
from portal.domain.notices import MAX_REVIEWS, is_marketplace_host
from portal.domain.personal_data import findings
from portal.domain.sor_vocabulary import (
    CRITERION_DEFAULTS,
    EU_COUNTRIES,
    ILLEGAL_CONTENT_DEFAULT,
    Category,
    CategoryDefault,
    EeaCountry,
    Keyword,
)
from portal.domain.text import EmailAddress, IsoDate, MultiLine, SingleLine

# Lengths are the Transparency Database's (sor-schema.json R17), so that what staff
# write fits the statement as it is.
LegalGround = Annotated[SingleLine, StringConstraints(min_length=3, max_length=500)]
GroundExplanation = Annotated[MultiLine, StringConstraints(min_length=20, max_length=2000)]
Facts = Annotated[MultiLine, StringConstraints(min_length=20, max_length=5000)]
KeywordText = Annotated[SingleLine, StringConstraints(min_length=3, max_length=500)]
Reasons = Annotated[MultiLine, StringConstraints(min_length=20, max_length=5000)]
Effect = Annotated[MultiLine, StringConstraints(min_length=3, max_length=2000)]


_Values = TypeVar("_Values", bound=Sequence[Any])


def _each_once(values: _Values) -> _Values:
    if len(set(values)) != len(values):
        raise PydanticCustomError("duplicate_values", "each value once")
    return values


class Outcome(StrEnum):
    REMOVE = "remove"
    DEMOTE = "demote"  # restrict visibility: shown lower
    LABEL = "label"  # restrict visibility: shown with a label
    NO_ACTION = "no_action"


RESTRICTIVE = frozenset({Outcome.REMOVE, Outcome.DEMOTE, Outcome.LABEL})


class Automation(StrEnum):
    """Art. 17(3)(c): whether the decision itself was taken by automated means."""

    NOT_AUTOMATED = "not_automated"
    PARTIALLY = "partially"
    FULLY = "fully"


class IllegalContentGround(BaseModel):
    """Art. 17(3)(d): the law relied on and why the review is illegal under it."""

    model_config = ConfigDict(defer_build=True, extra="forbid", frozen=True)

    basis: Literal["illegal_content"]
    legal_ground: LegalGround
    explanation: GroundExplanation


class ReviewRulesGround(BaseModel):
    """Art. 17(3)(e): the review rules' criteria (stable codes) and why the review breaks them."""

    model_config = ConfigDict(defer_build=True, extra="forbid", frozen=True)

    basis: Literal["review_rules"]
    criteria: Annotated[
        tuple[Criterion, ...],
        Field(min_length=1, max_length=len(Criterion)),
        AfterValidator(_each_once),
    ]
    explanation: GroundExplanation


Ground = Annotated[IllegalContentGround | ReviewRulesGround, Field(discriminator="basis")]


class ReviewDecisionInput(BaseModel):
    """What staff decide on one review the notice names; numbered from 1, as listed."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    review: Annotated[int, Field(ge=1, le=MAX_REVIEWS)]
    outcome: Outcome
    ground: Ground | None = None
    facts: Facts
    automated_detection: bool = False
    automated_decision: Automation = Automation.NOT_AUTOMATED
    # Where the restriction applies; reviews are shown, translated, on every country site.
    territorial_scope: Annotated[
        list[EeaCountry], Field(min_length=1), AfterValidator(_each_once)
    ] = list(EU_COUNTRIES)
    # The Transparency Database's category and keywords: defaulted from the ground.
    category: Category | None = None
    keywords: Annotated[list[Keyword], Field(max_length=20), AfterValidator(_each_once)] | None = (
        None
    )
    keyword_other: KeywordText | None = None
    # From the marketplace's back office: the day the review was published, whether it has
    # photos, and its author, whom staff may have to look up.
    published_on: IsoDate | None = None
    has_photos: bool = False
    author_email: EmailAddress | None = None
    author_language: Language | None = None
    # A buyer's account is private, a business buyer's (Back Market Pro) business.
    author_account: Literal["private", "business"] | None = None
    # A visibility restriction may be temporary; none given: indefinite.
    restricted_until: IsoDate | None = None


class NoticeDecisionInput(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    kind: Literal["notice"] = "notice"
    reviews: Annotated[list[ReviewDecisionInput], Field(min_length=1, max_length=MAX_REVIEWS)]


class ReviewDecision(BaseModel):
    """One review's decision as recorded: every default resolved."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    review: int
    location: str  # the review's address or number, as the notice gave it
    outcome: Outcome
    ground: IllegalContentGround | ReviewRulesGround | None
    facts: str
    automated_detection: bool
    automated_decision: Automation
    territorial_scope: tuple[EeaCountry, ...]
    category: Category
    additional_categories: tuple[Category, ...] = ()
    keywords: tuple[Keyword, ...]
    keyword_other: str | None
    published_on: date | None
    has_photos: bool
    author_email: str | None
    author_language: Language
    author_account: Literal["private", "business"] | None = None
    restricted_until: date | None


class Reversal(BaseModel):
    """
    An upheld appeal undid a decision: on these reviews of a notice we decided, or (no
    contested case) a decision the author contests from the order's details alone.
    `restored_at`: when the content was shown again.
    """

    model_config = ConfigDict(defer_build=True, frozen=True)

    appeal_reference: str
    contested_case: str | None = None
    reviews: tuple[int, ...] = ()
    reversed_at: datetime
    reversed_by: str
    restored_at: datetime | None = None


class NoticeDecision(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)

    kind: Literal["notice"] = "notice"
    case_reference: str
    # The notice's basis: an Art. 16 notice of illegal content, or a review-rules report.
    notice_basis: Literal["illegal_content", "review_rules"]
    reviews: tuple[ReviewDecision, ...]
    decided_at: datetime
    decided_by: str
    reversal: Reversal | None = None


class Staff(BaseModel):
    """Who acts: a signed-in member of staff, or an automated process (a worker)."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    email: str
    automated: bool = False


# --- notices ---------------------------------------------------------------------------

_PERSONAL_DATA_FIELDS = ("facts", "keyword_other")
_GROUND_FIELDS = ("legal_ground", "explanation")
# The country sites' languages: an author who wrote on backmarket.nl reads Dutch. es and
# it serve backmarket.es and backmarket.it once notices.MARKETPLACE_DOMAINS lists them (the
# seeds name only .fr, .nl and .co.uk).
_SITE_LANGUAGES: dict[str, Language] = {"fr": "fr", "nl": "nl", "uk": "en", "es": "es", "it": "it"}


def check_undecided(case: Case, *, reversal: bool = False) -> None:
    """A decided case is not decided again (409), unless an upheld appeal reverses it."""
    if case.decision is not None and not reversal:
        raise AlreadyDecided()


def review_locations(case: Case) -> list[str]:
    """The reviews a notice names, in its order: each one's address, else its number."""
    return [
        str(review.get("url") or review.get("review_id"))
        for review in case.details.get("reviews", [])
    ]


def _site_language(location: str) -> Language | None:
    host = urlsplit(location).hostname or ""
    if not is_marketplace_host(host):
        return None
    return _SITE_LANGUAGES.get(host.rsplit(".", 1)[-1])


def _category_default(ground: IllegalContentGround | ReviewRulesGround | None) -> CategoryDefault:
    if isinstance(ground, ReviewRulesGround):
        return CRITERION_DEFAULTS[ground.criteria[0]]
    return ILLEGAL_CONTENT_DEFAULT


def _additional_categories(
    ground: IllegalContentGround | ReviewRulesGround | None, category: Category
) -> tuple[Category, ...]:
    if not isinstance(ground, ReviewRulesGround):
        return ()
    others = [CRITERION_DEFAULTS[criterion].category for criterion in ground.criteria]
    return tuple(dict.fromkeys(other for other in others if other != category))


def _default_keywords(ground: IllegalContentGround | ReviewRulesGround | None) -> list[Keyword]:
    if not isinstance(ground, ReviewRulesGround):
        return list(ILLEGAL_CONTENT_DEFAULT.keywords)
    keywords = [
        kw for criterion in ground.criteria for kw in CRITERION_DEFAULTS[criterion].keywords
    ]
    return list(dict.fromkeys(keywords))


def _default_keyword_other(ground: IllegalContentGround | ReviewRulesGround | None) -> str | None:
    """The criteria's own descriptions of KEYWORD_OTHER, within the database's 500 characters."""
    if not isinstance(ground, ReviewRulesGround):
        return None
    texts = [CRITERION_DEFAULTS[criterion].keyword_other for criterion in ground.criteria]
    joined = "; ".join(text for text in texts if text)
    return joined[:500].rstrip("; ") or None


def _known_names(case: Case, decision: ReviewDecisionInput) -> list[str]:
    """Names and addresses the case holds: none of them may appear in public text."""
    details = case.details
    known = [details.get("name"), details.get("email"), decision.author_email]
    return [str(name) for name in known if name]


def _check_personal_data(
    case: Case, index: int, decision: ReviewDecisionInput, texts: Mapping[str, str | None]
) -> None:
    names = _known_names(case, decision)
    sources = [str(case.details.get("explanation") or "")]
    for field, text in texts.items():
        if not text:
            continue
        found = findings(text, names=names, quoted_sources=sources)
        if found:
            raise InvalidSubmission(f"personal_data_{found[0]}", field=f"reviews.{index}.{field}")


# The Transparency Database's date ranges (sor-schema.json R09): a date outside them
# is refused here, with a sentence staff understand, rather than by the database.
FIRST_CONTENT_DAY = date(2000, 1, 1)
LAST_DAY = date(2038, 1, 1)


def _check_range(day: date | None, earliest: date, field: str) -> None:
    if day is not None and not earliest <= day <= LAST_DAY:
        raise InvalidSubmission(
            "date_out_of_range",
            field=field,
            earliest_on=earliest.isoformat(),
            latest_on=LAST_DAY.isoformat(),
        )


def _check_review(case: Case, index: int, decision: ReviewDecisionInput, decided_on: date) -> None:
    field = f"reviews.{index}"
    restrictive = decision.outcome in RESTRICTIVE
    if restrictive and decision.ground is None:
        raise InvalidSubmission("ground_required", field=f"{field}.ground")
    if restrictive and decision.published_on is None:
        raise InvalidSubmission("required", field=f"{field}.published_on")
    if decision.published_on is not None and decision.published_on > decided_on:
        raise InvalidSubmission("date_after_decision", field=f"{field}.published_on")
    _check_range(decision.published_on, FIRST_CONTENT_DAY, f"{field}.published_on")
    _check_range(decision.restricted_until, decided_on, f"{field}.restricted_until")
    if decision.restricted_until is not None:
        if not restrictive:
            raise InvalidSubmission(
                "restriction_end_without_restriction", field=f"{field}.restricted_until"
            )
        if decision.restricted_until <= decided_on:
            raise InvalidSubmission(
                "restriction_end_not_after_decision", field=f"{field}.restricted_until"
            )
    texts: dict[str, str | None] = {name: getattr(decision, name) for name in _PERSONAL_DATA_FIELDS}
    if decision.ground is not None:
        texts |= {f"ground.{name}": getattr(decision.ground, name, None) for name in _GROUND_FIELDS}
    _check_personal_data(case, index, decision, texts)


def _resolved(decision: ReviewDecisionInput, location: str, case: Case) -> ReviewDecision:
    category = decision.category or _category_default(decision.ground).category
    keywords = (
        decision.keywords if decision.keywords is not None else _default_keywords(decision.ground)
    )
    keyword_other = decision.keyword_other
    if keyword_other is None and "KEYWORD_OTHER" in keywords and decision.keywords is None:
        keyword_other = _default_keyword_other(decision.ground)
    return ReviewDecision(
        review=decision.review,
        location=location,
        outcome=decision.outcome,
        ground=decision.ground,
        facts=decision.facts,
        automated_detection=decision.automated_detection,
        automated_decision=decision.automated_decision,
        territorial_scope=tuple(sorted(decision.territorial_scope)),
        category=category,
        additional_categories=_additional_categories(decision.ground, category),
        keywords=tuple(keywords),
        keyword_other=keyword_other,
        published_on=decision.published_on,
        has_photos=decision.has_photos,
        author_email=decision.author_email,
        author_language=decision.author_language or _site_language(location) or case.language,
        author_account=decision.author_account,
        restricted_until=decision.restricted_until,
    )


def decide_notice(
    case: Case, content: Mapping[str, Any], *, staff: Staff, now: datetime
) -> NoticeDecision:
    """
    Validate staff's decision on every review of a notice and resolve its defaults. The
    caller stores it with the case (and `summary` as the case's decision) and queues the
    e-mails and statements.
    """
    if case.kind is not CaseKind.NOTICE:
        raise InvalidSubmission("decision_kind_mismatch")
    check_undecided(case)
    decision = NoticeDecisionInput.model_validate(content)
    locations = review_locations(case)
    numbers = [review.review for review in decision.reviews]
    for index, number in enumerate(numbers):
        if number > len(locations):
            raise InvalidSubmission("review_not_in_notice", field=f"reviews.{index}.review")
        if number in numbers[:index]:
            raise InvalidSubmission("review_decided_twice", field=f"reviews.{index}.review")
    if len(numbers) != len(locations):
        raise InvalidSubmission("review_not_decided", field="reviews")
    decided_on = operator_date(now)
    resolved = []
    for index, review in enumerate(decision.reviews):
        _check_review(case, index, review, decided_on)
        resolved.append(_resolved(review, locations[review.review - 1], case))
        # The database asks that KEYWORD_OTHER be described (sor-schema.json R08).
        if "KEYWORD_OTHER" in resolved[-1].keywords and not resolved[-1].keyword_other:
            raise InvalidSubmission("required", field=f"reviews.{index}.keyword_other")
    return NoticeDecision(
        case_reference=case.reference,
        notice_basis=case.details["grounds"]["basis"],
        reviews=tuple(sorted(resolved, key=lambda review: review.review)),
        decided_at=now,
        decided_by=staff.email,
    )


def summary(decision: "NoticeDecision") -> Decision:
    """
    The case's own decision record (domain/cases.py), which appeals read: the outcome
    (one for all reviews, else `mixed`), the day the people concerned were told, and the
    author's address when the restricted reviews have a single author.
    """
    outcomes = {review.outcome for review in decision.reviews}
    authors = {
        review.author_email
        for review in decision.reviews
        if review.outcome in RESTRICTIVE and review.author_email
    }
    return Decision(
        outcome=outcomes.pop().value if len(outcomes) == 1 else "mixed",
        decided_at=decision.decided_at,
        informed_on=operator_date(decision.decided_at),
        author_email=authors.pop() if len(authors) == 1 else None,
    )


# --- appeals ---------------------------------------------------------------------------


class AppealOutcome(StrEnum):
    UPHELD = "upheld"  # the appellant is right: the contested decision is reversed
    REJECTED = "rejected"


class AppealDecisionInput(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    kind: Literal["appeal"] = "appeal"
    outcome: AppealOutcome
    reasons: Reasons
    # Which reviews of the contested notice the reversal concerns; none given: all of them.
    reviews: (
        Annotated[list[Annotated[int, Field(ge=1, le=MAX_REVIEWS)]], Field(max_length=MAX_REVIEWS)]
        | None
    ) = None


class AppealDecision(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)

    kind: Literal["appeal"] = "appeal"
    case_reference: str
    contested_case: str | None
    outcome: AppealOutcome
    reasons: str
    decided_at: datetime
    decided_by: str
    reversal: Reversal | None = None


def decide_appeal(
    appeal: Case,
    content: Mapping[str, Any],
    *,
    contested: NoticeDecision | None,
    staff: Staff,
    now: datetime,
) -> tuple[AppealDecision, NoticeDecision | None]:
    """
    Art. 20(6) DSA: a person decides, never an automated process. An upheld appeal
    reverses the contested decision, recorded on both: the second value is the contested
    notice's decision with its reversal (None when there is none to change).
    """
    if appeal.kind is not CaseKind.APPEAL:
        raise InvalidSubmission("decision_kind_mismatch")
    if staff.automated:
        raise InvalidSubmission("appeal_needs_a_person")
    check_undecided(appeal)
    decision = AppealDecisionInput.model_validate(content)
    contested_case = appeal.details.get("contested_case")
    record = AppealDecision(
        case_reference=appeal.reference,
        contested_case=contested_case,
        outcome=decision.outcome,
        reasons=decision.reasons,
        decided_at=now,
        decided_by=staff.email,
    )
    if decision.outcome is AppealOutcome.REJECTED:
        return record, None
    reversal = Reversal(appeal_reference=appeal.reference, reversed_at=now, reversed_by=staff.email)
    if contested_case is None:
        # An author who named no case contests a decision taken outside the portal.
        return record.model_copy(update={"reversal": reversal}), None
    if contested is None or contested.case_reference != contested_case:
        raise InvalidSubmission("no_decision_to_reverse")
    if contested.reversal is not None:
        raise AlreadyDecided()
    known = {review.review for review in contested.reviews}
    chosen = decision.reviews if decision.reviews is not None else sorted(known)
    for index, number in enumerate(chosen):
        if number not in known:
            raise InvalidSubmission("review_not_in_notice", field=f"reviews.{index}")
    reversal = reversal.model_copy(
        update={"contested_case": contested_case, "reviews": tuple(sorted(set(chosen)))}
    )
    return (
        record.model_copy(update={"reversal": reversal}),
        contested.model_copy(update={"reversal": reversal}),
    )


def restored(reversal: Reversal | None, at: datetime) -> Reversal:
    """The reversed content is shown again on the marketplace, from `at` (recorded once)."""
    if reversal is None:
        raise InvalidSubmission("no_decision_to_reverse")
    if reversal.restored_at is not None:
        return reversal
    if at < reversal.reversed_at:
        raise InvalidSubmission("time_before_decision")
    return reversal.model_copy(update={"restored_at": at})


def record_restoration(decision: NoticeDecision, at: datetime) -> NoticeDecision:
    """The notice's reversed reviews are shown again, from `at`."""
    return decision.model_copy(update={"reversal": restored(decision.reversal, at)})


# --- authority orders ------------------------------------------------------------------


class AuthorityOrderInput(BaseModel):
    """
    Art. 9(1), 10(1) DSA: confirm receipt, then inform the authority of the effect given
    and when; Art. 9(5), 10(5): inform the user concerned, and when. A time left out is
    the time of recording: staff record what they have just done.
    """

    model_config = ConfigDict(defer_build=True, extra="forbid")

    kind: Literal["authority_message"] = "authority_message"
    receipt_confirmed_at: datetime | None = None
    effect: Effect | None = None
    effect_given_at: datetime | None = None
    user_informed: bool = False
    user_informed_at: datetime | None = None


class AuthorityOrderRecord(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)

    kind: Literal["authority_message"] = "authority_message"
    case_reference: str
    receipt_confirmed_at: datetime
    effect: str | None
    effect_given_at: datetime | None
    user_informed: bool
    user_informed_at: datetime | None
    recorded_at: datetime
    recorded_by: str


def record_authority_order(
    case: Case, content: Mapping[str, Any], *, staff: Staff, now: datetime
) -> AuthorityOrderRecord:
    """
    What was done about an authority's message. Staff record it as things happen, so a
    later record replaces an earlier one (the reply's effect follows the receipt).
    """
    if case.kind is not CaseKind.AUTHORITY_MESSAGE:
        raise InvalidSubmission("decision_kind_mismatch")
    order = AuthorityOrderInput.model_validate(content)
    times = {
        "receipt_confirmed_at": order.receipt_confirmed_at,
        "effect_given_at": order.effect_given_at,
        "user_informed_at": order.user_informed_at,
    }
    for field, moment in times.items():
        if moment is None:
            continue
        if moment.tzinfo is None:
            raise InvalidSubmission("time_zone_required", field=field)
        if moment > now:
            raise InvalidSubmission("date_in_future", field=field)
        if moment < case.received_at:
            raise InvalidSubmission("time_before_receipt", field=field)
    if order.effect is None and order.effect_given_at is not None:
        raise InvalidSubmission("required", field="effect")
    if not order.user_informed and order.user_informed_at is not None:
        raise InvalidSubmission("user_informed_not_confirmed", field="user_informed")
    return AuthorityOrderRecord(
        case_reference=case.reference,
        receipt_confirmed_at=order.receipt_confirmed_at or now,
        effect=order.effect,
        effect_given_at=(order.effect_given_at or now) if order.effect else None,
        user_informed=order.user_informed,
        user_informed_at=(order.user_informed_at or now) if order.user_informed else None,
        recorded_at=now,
        recorded_by=staff.email,
    )
