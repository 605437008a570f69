"""
Statements of reasons for the Commission's Transparency Database (Art. 17, 24(5) DSA):
one per restriction, built so that the database accepts it as it is. `Statement` holds
the database's rules (sor-schema.json: enums, conditional fields, lengths, dates, PUID);
a statement that would break one is never built. They are public, so they hold no
personal data: no names, e-mail addresses, order numbers or quoted review text.
"""

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from portal.domain.criteria import Criterion
from portal.domain.deadlines import operator_date
from portal.domain.decisions import (
    RESTRICTIVE,
    Automation,
    IllegalContentGround,
    NoticeDecision,
    Outcome,
    ReviewDecision,
    ReviewRulesGround,
)
from portal.domain.personal_data import findings
from portal.domain.sor_vocabulary import (
    AccountType,
    AutomatedDecision,
    Category,
    ContentType,
    DecisionGround,
    EeaCountry,
    Keyword,
    SourceType,
    Visibility,
    YesNo,
)

PUID_PATTERN = r"^[a-zA-Z0-9_-]+$"
# sor-schema.json R09: the database's date ranges.
CONTENT_DATES = (date(2000, 1, 1), date(2038, 1, 1))
APPLICATION_DATES = (date(2020, 1, 1), date(2038, 1, 1))
LAST_END_DATE = date(2038, 1, 1)

Text500 = Annotated[str, StringConstraints(min_length=1, max_length=500)]
Text2000 = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Text5000 = Annotated[str, StringConstraints(min_length=1, max_length=5000)]

# The free-text fields the database publishes (R15).
PUBLIC_TEXT_FIELDS = (
    "decision_facts",
    "illegal_content_legal_ground",
    "illegal_content_explanation",
    "incompatible_content_ground",
    "incompatible_content_explanation",
    "source_identity",
    "decision_visibility_other",
    "decision_monetary_other",
    "content_type_other",
    "category_specification_other",
)
# R04, R05: the fields each ground needs, and which the other ground must not carry.
GROUND_FIELDS: dict[str, tuple[str, ...]] = {
    "DECISION_GROUND_ILLEGAL_CONTENT": (
        "illegal_content_legal_ground",
        "illegal_content_explanation",
    ),
    "DECISION_GROUND_INCOMPATIBLE_CONTENT": (
        "incompatible_content_ground",
        "incompatible_content_explanation",
    ),
}
# R11: an end date only for a restriction that is there.
END_DATES = {
    "end_date_visibility_restriction": "decision_visibility",
    "end_date_monetary_restriction": "decision_monetary",
    "end_date_service_restriction": "decision_provision",
    "end_date_account_restriction": "decision_account",
}


def _fail(rule: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(
        "statement_rule", "{rule}: {message}", {"rule": rule, "message": message}
    )


class Statement(BaseModel):
    """One statement of reasons, as the database's API takes it (absent fields: None)."""

    model_config = ConfigDict(defer_build=True, extra="forbid", frozen=True)

    puid: Annotated[str, StringConstraints(max_length=500, pattern=PUID_PATTERN)]
    decision_visibility: Annotated[list[Visibility], Field(min_length=1)] | None = None
    decision_visibility_other: Text500 | None = None
    decision_monetary: (
        Literal[
            "DECISION_MONETARY_SUSPENSION",
            "DECISION_MONETARY_TERMINATION",
            "DECISION_MONETARY_OTHER",
        ]
        | None
    ) = None
    decision_monetary_other: Text500 | None = None
    decision_provision: (
        Literal[
            "DECISION_PROVISION_PARTIAL_SUSPENSION",
            "DECISION_PROVISION_TOTAL_SUSPENSION",
            "DECISION_PROVISION_PARTIAL_TERMINATION",
            "DECISION_PROVISION_TOTAL_TERMINATION",
        ]
        | None
    ) = None
    decision_account: (
        Literal["DECISION_ACCOUNT_SUSPENDED", "DECISION_ACCOUNT_TERMINATED"] | None
    ) = None
    account_type: AccountType | None = None
    decision_ground: DecisionGround
    decision_ground_reference_url: Text500 | None = None
    illegal_content_legal_ground: Text500 | None = None
    illegal_content_explanation: Text2000 | None = None
    incompatible_content_ground: Text500 | None = None
    incompatible_content_explanation: Text2000 | None = None
    incompatible_content_illegal: YesNo | None = None
    content_type: Annotated[list[ContentType], Field(min_length=1)]
    content_type_other: Text500 | None = None
    category: Category
    category_addition: list[Category] | None = None
    category_specification: list[Keyword] | None = None
    category_specification_other: Text500 | None = None
    territorial_scope: Annotated[list[EeaCountry], Field(min_length=1)]
    content_date: date
    application_date: date
    end_date_account_restriction: date | None = None
    end_date_monetary_restriction: date | None = None
    end_date_service_restriction: date | None = None
    end_date_visibility_restriction: date | None = None
    decision_facts: Text5000
    source_type: SourceType
    source_identity: Text500 | None = None
    automated_detection: YesNo
    automated_decision: AutomatedDecision

    @model_validator(mode="after")
    def _database_rules(self) -> "Statement":
        restrictions = (
            self.decision_visibility,
            self.decision_monetary,
            self.decision_provision,
            self.decision_account,
        )
        if not any(restrictions):
            raise _fail("R01", "at least one restriction")
        visibility = self.decision_visibility or []
        if ("DECISION_VISIBILITY_OTHER" in visibility) != (
            self.decision_visibility_other is not None
        ):
            raise _fail("R02", "decision_visibility_other iff DECISION_VISIBILITY_OTHER")
        if (self.decision_monetary == "DECISION_MONETARY_OTHER") != (
            self.decision_monetary_other is not None
        ):
            raise _fail("R03", "decision_monetary_other iff DECISION_MONETARY_OTHER")
        for ground, fields in GROUND_FIELDS.items():
            given = [getattr(self, field) is not None for field in fields]
            if ground == self.decision_ground and not all(given):
                raise _fail("R04/R05", f"{' and '.join(fields)} are required")
            if ground != self.decision_ground and any(given):
                raise _fail("R04/R05", f"{' and '.join(fields)} belong to the other ground")
        if (
            self.incompatible_content_illegal is not None
            and self.decision_ground != "DECISION_GROUND_INCOMPATIBLE_CONTENT"
        ):
            raise _fail("R05", "incompatible_content_illegal belongs to the T&C ground")
        if ("CONTENT_TYPE_OTHER" in self.content_type) != (self.content_type_other is not None):
            raise _fail("R06", "content_type_other iff CONTENT_TYPE_OTHER")
        if self.source_type == "SOURCE_VOLUNTARY" and self.source_identity is not None:
            raise _fail("R07", "no source_identity on own initiative")
        if ("KEYWORD_OTHER" in (self.category_specification or [])) != (
            self.category_specification_other is not None
        ):
            raise _fail("R08", "category_specification_other iff KEYWORD_OTHER")
        url = self.decision_ground_reference_url
        if url is not None and not (
            urlsplit(url).scheme in {"http", "https"} and urlsplit(url).netloc
        ):
            raise _fail("R13", "decision_ground_reference_url must be a URL")
        self._check_dates()
        self._check_no_personal_data()
        return self

    def _check_dates(self) -> None:
        if not CONTENT_DATES[0] <= self.content_date <= CONTENT_DATES[1]:
            raise _fail("R09", "content_date out of range")
        if not APPLICATION_DATES[0] <= self.application_date <= APPLICATION_DATES[1]:
            raise _fail("R09", "application_date out of range")
        for field, restriction in END_DATES.items():
            end = getattr(self, field)
            if end is None:
                continue
            if end > LAST_END_DATE:
                raise _fail("R09", f"{field} after {LAST_END_DATE}")
            if end < self.application_date:
                raise _fail("R10", f"{field} before application_date")
            if not getattr(self, restriction):
                raise _fail("R11", f"{field} without {restriction}")

    def _check_no_personal_data(self) -> None:
        for field in PUBLIC_TEXT_FIELDS:
            text = getattr(self, field)
            if text is not None and findings(text):
                raise _fail("R15", f"personal data in {field}")


def payload(statement: Statement) -> dict[str, Any]:
    """The JSON the database takes: absent fields left out, dates as YYYY-MM-DD."""
    return statement.model_dump(mode="json", exclude_none=True)


def puid(case_reference: str, review: int) -> str:
    """
    Unique and stable per case and review (a retry sends the same one, never a second
    statement), and made of our reference only: it says nothing about anyone.
    """
    return f"{case_reference}-R{review:02d}"


_VISIBILITY: dict[Outcome, Visibility] = {
    Outcome.REMOVE: "DECISION_VISIBILITY_CONTENT_REMOVED",
    Outcome.DEMOTE: "DECISION_VISIBILITY_CONTENT_DEMOTED",
    Outcome.LABEL: "DECISION_VISIBILITY_CONTENT_LABELLED",
}
_AUTOMATED: dict[Automation, AutomatedDecision] = {
    Automation.NOT_AUTOMATED: "AUTOMATED_DECISION_NOT_AUTOMATED",
    Automation.PARTIALLY: "AUTOMATED_DECISION_PARTIALLY",
    Automation.FULLY: "AUTOMATED_DECISION_FULLY",
}
_ACCOUNT_TYPES: dict[str, AccountType] = {
    "private": "ACCOUNT_TYPE_PRIVATE",
    "business": "ACCOUNT_TYPE_BUSINESS",
}
# Issue 10 point 7: the notice's basis sets the source. An illegal-content notice is an
# Art. 16 notice; a report under the review rules alone is another kind of notification.
_SOURCES: dict[str, SourceType] = {
    "illegal_content": "SOURCE_ARTICLE_16",
    "review_rules": "SOURCE_TYPE_OTHER_NOTIFICATION",
}
# The criteria that are themselves about illegality: the T&C ground then says so.
_ILLEGAL_CRITERIA = {Criterion.ILLEGAL, Criterion.UNLAWFUL, Criterion.HATRED}


def _yes_no(value: bool) -> YesNo:
    return "Yes" if value else "No"


def _rules_ground(ground: ReviewRulesGround) -> str:
    codes = ", ".join(criterion.value for criterion in ground.criteria)
    return f"Marketplace review rules, moderation criteria: {codes}"


def review_statement(
    decision: NoticeDecision, review: ReviewDecision, *, rules_url: str | None = None
) -> Statement:
    """The statement for one restricted review; `rules_url`: the published review rules."""
    if review.outcome not in RESTRICTIVE or review.published_on is None or review.ground is None:
        raise ValueError(f"review {review.review} of {decision.case_reference} is not restricted")
    ground = review.ground
    fields: dict[str, Any] = {}
    if isinstance(ground, IllegalContentGround):
        fields |= {
            "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT",
            "illegal_content_legal_ground": ground.legal_ground,
            "illegal_content_explanation": ground.explanation,
        }
    else:
        fields |= {
            "decision_ground": "DECISION_GROUND_INCOMPATIBLE_CONTENT",
            "incompatible_content_ground": _rules_ground(ground),
            "incompatible_content_explanation": ground.explanation,
            "decision_ground_reference_url": rules_url,
        }
        if _ILLEGAL_CRITERIA & set(ground.criteria):
            fields["incompatible_content_illegal"] = "Yes"
    content_type: list[ContentType] = ["CONTENT_TYPE_TEXT"]
    if review.has_photos:
        content_type.insert(0, "CONTENT_TYPE_IMAGE")
    keywords = list(review.keywords)
    return Statement(
        puid=puid(decision.case_reference, review.review),
        decision_visibility=[_VISIBILITY[review.outcome]],
        account_type=_ACCOUNT_TYPES.get(review.author_account or ""),
        end_date_visibility_restriction=review.restricted_until,
        content_type=content_type,
        category=review.category,
        category_addition=list(review.additional_categories) or None,
        category_specification=keywords or None,
        category_specification_other=review.keyword_other if "KEYWORD_OTHER" in keywords else None,
        territorial_scope=list(review.territorial_scope),
        content_date=review.published_on,
        application_date=operator_date(decision.decided_at),
        decision_facts=review.facts,
        source_type=_SOURCES[decision.notice_basis],
        automated_detection=_yes_no(review.automated_detection),
        automated_decision=_AUTOMATED[review.automated_decision],
        **fields,
    )


def notice_statements(decision: NoticeDecision, *, rules_url: str | None = None) -> list[Statement]:
    """A statement for every review the decision restricts, none for the others."""
    return [
        review_statement(decision, review, rules_url=rules_url)
        for review in decision.reviews
        if review.outcome in RESTRICTIVE
    ]


def batches(statements: Sequence[Statement], size: int = 100) -> list[list[Statement]]:
    """The database takes 1 to 100 statements a call (R16)."""
    return [list(statements[start : start + size]) for start in range(0, len(statements), size)]
