"""
The published Art. 24(2) DSA statements, newest first: computed records, and the historic
statements published without a number ("well below the threshold").
"""

from datetime import date
from itertools import pairwise
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Discriminator, Tag, model_validator

from portal.domain.errors import (
    DuplicatePeriodError,
    MissingMonthsError,
    OutOfOrderPublicationError,
)
from portal.domain.recipients import RecipientsRecord


class ThresholdStatement(BaseModel):
    """A statement that the average stayed below the threshold, with no number."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    period_start: date
    period_end: date
    statement: Literal["well_below_threshold"]


def _kind(entry: Any) -> str:
    has_statement = "statement" in entry if isinstance(entry, dict) else hasattr(entry, "statement")
    return "statement" if has_statement else "record"


Publication = Annotated[
    Annotated[ThresholdStatement, Tag("statement")] | Annotated[RecipientsRecord, Tag("record")],
    Discriminator(_kind),
]


def check_newest_first(period_ends: list[date], what: str) -> None:
    """A publication file lists one entry per period, the newest first."""
    if any(newer <= older for newer, older in pairwise(period_ends)):
        raise ValueError(f"{what} must be newest first, one per period")


class Publications(BaseModel):
    """The contents of docs/active-recipients.yml."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    publications: list[Publication]

    @model_validator(mode="after")
    def _newest_first(self) -> Self:
        check_newest_first([entry.period_end for entry in self.publications], "publications")
        return self

    @property
    def latest_period_end(self) -> date | None:
        return self.publications[0].period_end if self.publications else None


def check_can_publish(
    publications: Publications, record: RecipientsRecord, *, allow_missing_months: bool
) -> None:
    """A new record goes on top: it must be newer than every publication and complete."""
    period_end = record.period_end.isoformat()
    if any(entry.period_end == record.period_end for entry in publications.publications):
        raise DuplicatePeriodError(period_end=period_end)
    latest = publications.latest_period_end
    if latest is not None and record.period_end < latest:
        raise OutOfOrderPublicationError(period_end=period_end, latest=latest.isoformat())
    if record.missing_months and not allow_missing_months:
        raise MissingMonthsError(months=", ".join(record.missing_months))
