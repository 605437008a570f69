"""Fixtures shared by every kind of test."""

from datetime import date

import pytest
from portal.domain.months import period_months


@pytest.fixture
def first_half_2026() -> tuple[date, ...]:
    """The six months of an Art. 24(2) period ending in June 2026."""
    return period_months(date(2026, 6, 1))
