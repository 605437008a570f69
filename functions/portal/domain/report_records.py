"""
What the transparency report takes from people rather than from the cases table: the
records legal staff enter (reports/transparency/records.yml: out-of-court disputes, Art. 23
suspensions, own-initiative measures, the accuracy of automated means) and their
qualitative answers (reports/transparency/qualitative.yml). domain/transparency_report.py
lays them out with the counted figures.
"""

from datetime import date, datetime
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

from portal.domain.sor_vocabulary import CATEGORIES, Category

# A complaint's or dispute's outcome as the template says it: about the contested decision.
Outcome = Literal["upheld", "partially_reversed", "reversed", "omitted", "pending"]


class Dispute(BaseModel):
    """An out-of-court dispute (Art. 21, 24(1)(a) DSA), as a settlement body told us."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    submitted_at: datetime
    body: str = Field(min_length=1)
    outcome: Outcome
    decided_at: datetime | None = None
    # For a (partially) reversed decision: did we implement the body's decision?
    implemented: bool | None = None


class Suspension(BaseModel):
    """An Art. 23 suspension, on the day it was enacted."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    on: date
    reason: Literal[
        "manifestly_illegal_content",
        "manifestly_unfounded_notices",
        "manifestly_unfounded_complaints",
    ]


Restriction = Literal[
    "visibility_removal",
    "visibility_disable",
    "visibility_demoted",
    "visibility_age_restricted",
    "visibility_interaction_restricted",
    "visibility_labelled",
    "visibility_other",
    "monetary_suspension",
    "monetary_termination",
    "monetary_other",
    "provision_suspension",
    "provision_termination",
    "account_suspension",
    "account_termination",
]
RESTRICTION_COLUMNS: tuple[str, ...] = get_args(Restriction)


class OwnInitiativeMeasures(BaseModel):
    """Measures the marketplace took on its own initiative (its back office counts them)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    on: date
    ground: Literal["illegal_content", "terms_and_conditions"]
    category: Category
    keyword: str = ""
    restriction: Restriction
    count: int = Field(ge=0)
    automated_detection: bool = False
    automated_decision: bool = False


class Accuracy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    scope: Literal["Total number", "Own-initiative ", "NAM Total", "NAM Trusted Flagger"]
    accuracy: float = Field(ge=0, le=1)
    precision: float = Field(ge=0, le=1)
    recall: float = Field(ge=0, le=1)


class StaffRecords(BaseModel):
    """reports/transparency/records.yml: what the cases table does not hold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    disputes: list[Dispute]
    suspensions: list[Suspension]
    own_initiative: list[OwnInitiativeMeasures]
    accuracy: list[Accuracy] = []


class Qualitative(BaseModel):
    """reports/transparency/qualitative.yml: legal staff's answers, in English."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    provider: str = Field(min_length=1)
    service: str = Field(min_length=1)
    previous_publication: date | None = None
    answers: dict[str, str]
    # KEYWORD_OTHER's description, per category (Annex II: each specific, not a catch-all).
    other_descriptions: dict[str, str] = {}

    @field_validator("other_descriptions")
    @classmethod
    def _categories(cls, descriptions: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(descriptions) - set(CATEGORIES))
        if unknown:
            raise ValueError(f"not categories of Annex II: {', '.join(unknown)}")
        return descriptions
