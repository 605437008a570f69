"""
Calendar months in UTC, as the Art. 24(2) DSA count uses them: a month is the date of its
first day, and a period is the six full months ending with a given month.
"""

from datetime import UTC, date, datetime, timedelta

from portal.domain.errors import InvalidMonthError, PeriodNotOverError

# Art. 24(2) DSA: "calculated as an average over the period of the past six months".
MONTHS_IN_PERIOD = 6


def parse_month(text: str) -> date:
    """`2026-06` -> date(2026, 6, 1); anything else raises InvalidMonthError."""
    try:
        parsed = datetime.strptime(text.strip(), "%Y-%m")
    except ValueError as error:
        raise InvalidMonthError(value=text) from error
    return parsed.date()


def format_month(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def add_months(month: date, count: int) -> date:
    """The first day of the month `count` months after (or before) `month`."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def last_day(month: date) -> date:
    return add_months(month, 1) - timedelta(days=1)


def period_months(period_end: date) -> tuple[date, ...]:
    """The six months ending with `period_end`, oldest first."""
    last = period_end.replace(day=1)
    return tuple(add_months(last, offset) for offset in range(1 - MONTHS_IN_PERIOD, 1))


def last_full_month(now: datetime) -> date:
    """The latest month that has ended at `now` (UTC)."""
    return add_months(now.astimezone(UTC).date().replace(day=1), -1)


def check_period_is_over(period_end: date, now: datetime) -> None:
    """Counting a month that has not ended would understate it."""
    if period_end.replace(day=1) > last_full_month(now):
        raise PeriodNotOverError(period_end=format_month(period_end))
