from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from portal.domain.errors import InvalidMonthError, PeriodNotOverError
from portal.domain.months import (
    check_period_is_over,
    last_day,
    last_full_month,
    parse_month,
    period_months,
)


def test_period_ending_in_march_starts_in_october_of_the_year_before() -> None:
    months = period_months(parse_month("2026-03"))

    assert months == (
        date(2025, 10, 1),
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
        date(2026, 3, 1),
    )


def test_last_day_of_february_in_a_leap_year_is_the_29th() -> None:
    assert last_day(date(2028, 2, 1)) == date(2028, 2, 29)


def test_at_midnight_utc_on_the_first_the_previous_month_is_the_last_full_one() -> None:
    assert last_full_month(datetime(2026, 7, 1, 0, 0, tzinfo=UTC)) == date(2026, 6, 1)


def test_last_full_month_is_decided_in_utc_not_local_time() -> None:
    paris_summer = timezone(timedelta(hours=2))

    # 1 July 01:00 in Paris is still 30 June in UTC: June has not ended.
    assert last_full_month(datetime(2026, 7, 1, 1, 0, tzinfo=paris_summer)) == date(2026, 5, 1)


@pytest.mark.parametrize("text", ["2026-13", "2026/06", "June 2026", "2026-6-1", ""])
def test_month_not_written_as_year_dash_month_is_refused(text: str) -> None:
    with pytest.raises(InvalidMonthError) as raised:
        parse_month(text)

    assert raised.value.params == {"value": text}


def test_counting_a_month_that_has_not_ended_is_refused() -> None:
    now = datetime(2026, 6, 30, 23, 59, tzinfo=UTC)

    with pytest.raises(PeriodNotOverError) as raised:
        check_period_is_over(date(2026, 6, 1), now)

    assert raised.value.params == {"period_end": "2026-06"}
    check_period_is_over(date(2026, 5, 1), now)
