"""
The six-month appeal window of Art. 20 DSA.
"""

from datetime import date

import pytest

from portal.domain.deadlines import add_months, appeal_window_closes, is_within_appeal_window


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 15), 6, date(2026, 7, 15)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 10, 1), 6, date(2027, 4, 1)),
    ],
)
def test_months_are_added_on_the_calendar(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_an_appeal_on_the_last_day_of_the_window_is_accepted() -> None:
    informed = date(2026, 3, 10)

    assert appeal_window_closes(informed) == date(2026, 9, 10)
    assert is_within_appeal_window(informed, date(2026, 9, 10))


def test_an_appeal_the_day_after_six_months_is_refused() -> None:
    assert not is_within_appeal_window(date(2026, 3, 10), date(2026, 9, 11))


def test_an_appeal_before_the_decision_was_communicated_is_refused() -> None:
    assert not is_within_appeal_window(date(2026, 3, 10), date(2026, 3, 9))
