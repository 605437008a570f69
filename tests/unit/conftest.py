"""Unit tests: the domain, the shared SQL and the DuckDB engine; no AWS."""

from datetime import date

import pytest
from portal.domain.months import period_months


@pytest.fixture
def first_half_2026() -> tuple[date, ...]:
    return period_months(date(2026, 6, 1))
