"""
The Art. 24(2) DSA figure: average monthly active recipients in the Union over six months,
with the monthly figures per Member State kept for Art. 24(3) requests.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Annotated, Literal, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, NonNegativeInt, model_validator

from portal.domain.errors import CountingError
from portal.domain.member_states import MEMBER_STATES
from portal.domain.months import (
    MONTHS_IN_PERIOD,
    add_months,
    check_period_is_over,
    format_month,
    last_day,
    parse_month,
    period_months,
)

if TYPE_CHECKING:
    from portal.domain.ports import RecipientsEngine

# Bump when the counting rules change; each record keeps the version it was computed with.
METHOD_VERSION = "2026-1"
METHOD_NOTE = (
    "Unique recipients who engaged with the marketplace (were exposed to or provided "
    "information it hosts; Art. 3(p) and recital 77 DSA) while located in one of the 27 "
    "Member States, counted per calendar month in UTC from activity events whose recipient "
    "identifier already joins one person's devices and logins. Bots are excluded. A person "
    "active in several Member States counts once in the Union figure and once in each of "
    "those Member States. The published figure is the average of the six monthly Union "
    "figures, rounded to the nearest whole number, halves rounded up."
)
# Art. 33(1) DSA: very large online platforms have at least 45 million recipients.
VLOP_THRESHOLD = 45_000_000

EngineName = Literal["duckdb", "athena"]
Progress = Callable[[str], None]
MonthText = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]


@dataclass(frozen=True)
class RecipientCount:
    """One row of an engine's answer: a month's Union figure (no Member State) or a State's."""

    month: date
    member_state: str | None
    recipients: int


class MonthFigures(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    month: MonthText
    union: NonNegativeInt
    member_states: dict[str, NonNegativeInt]

    @model_validator(mode="after")
    def _states_add_up(self) -> Self:
        if self.member_states.keys() != MEMBER_STATES:
            raise ValueError("member_states must list each of the 27 Member States once")
        figures = self.member_states.values()
        # Each person counts once in the Union and once in every State they were active in.
        if max(figures) > self.union or sum(figures) < self.union:
            raise ValueError("member_states do not add up with the Union figure")
        return self


class RecipientsRecord(BaseModel):
    """A computed Art. 24(2) figure, as written by `compute` and published by `publish`."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    period_start: date
    period_end: date
    average_monthly_active_recipients: NonNegativeInt
    threshold: NonNegativeInt = VLOP_THRESHOLD
    reaches_threshold: bool
    months: list[MonthFigures] = Field(min_length=MONTHS_IN_PERIOD, max_length=MONTHS_IN_PERIOD)
    missing_months: list[MonthText]
    method_version: str
    method_note: str
    engine: EngineName
    source: str
    computed_at: AwareDatetime

    @model_validator(mode="after")
    def _is_consistent(self) -> Self:
        first = parse_month(self.months[0].month)
        expected = [format_month(add_months(first, i)) for i in range(MONTHS_IN_PERIOD)]
        if [m.month for m in self.months] != expected:
            raise ValueError("months must be six consecutive months, oldest first")
        if (self.period_start, self.period_end) != (first, last_day(add_months(first, 5))):
            raise ValueError("period_start and period_end must bound the six months")
        if self.average_monthly_active_recipients != average_monthly(self.months):
            raise ValueError("average_monthly_active_recipients is not the months' average")
        if self.reaches_threshold != (self.average_monthly_active_recipients >= self.threshold):
            raise ValueError("reaches_threshold disagrees with the average")
        if self.missing_months != [m.month for m in self.months if m.union == 0]:
            raise ValueError("missing_months must list the months without recipients")
        return self


def average_monthly(months: Sequence[MonthFigures]) -> int:
    """The mean of the monthly Union figures, to the nearest whole number, halves up."""
    total = Decimal(sum(m.union for m in months))
    return int((total / len(months)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def build_record(
    months: Sequence[date],
    counts: Iterable[RecipientCount],
    *,
    computed_at: datetime,
    engine: EngineName,
    source: str,
) -> RecipientsRecord:
    """The record for `months` from an engine's rows; a month without rows counts zero."""
    union = dict.fromkeys(months, 0)
    states = {month: dict.fromkeys(sorted(MEMBER_STATES), 0) for month in months}
    for row in counts:
        if row.month not in union or row.member_state not in (None, *MEMBER_STATES):
            raise CountingError(engine=engine, detail=f"unexpected row {row}")
        if row.member_state is None:
            union[row.month] = row.recipients
        else:
            states[row.month][row.member_state] = row.recipients
    figures = [
        MonthFigures(month=format_month(m), union=union[m], member_states=states[m]) for m in months
    ]
    average = average_monthly(figures)
    return RecipientsRecord(
        period_start=months[0],
        period_end=last_day(months[-1]),
        average_monthly_active_recipients=average,
        reaches_threshold=average >= VLOP_THRESHOLD,
        months=figures,
        missing_months=[f.month for f in figures if f.union == 0],
        method_version=METHOD_VERSION,
        method_note=METHOD_NOTE,
        engine=engine,
        source=source,
        computed_at=computed_at,
    )


def compute_record(
    engine: "RecipientsEngine", period_end: date, *, now: datetime, progress: Progress
) -> RecipientsRecord:
    """Count the six months ending with `period_end` (which must be over) with `engine`."""
    check_period_is_over(period_end, now)
    months = period_months(period_end)
    counts = engine.count_recipients(months, progress)
    return build_record(months, counts, computed_at=now, engine=engine.name, source=engine.source)
