"""
Errors the domain raises. Each carries a stable code and its parameters, never an English
sentence: the edges (CLI, API, jobs) turn codes into messages.
"""

from typing import ClassVar


class PortalError(Exception):
    """Base of every domain error."""

    code: ClassVar[str] = "portal_error"

    def __init__(self, **params: object) -> None:
        super().__init__(self.code, params)
        self.params = params


class InvalidMonthError(PortalError):
    """A month was not written as YYYY-MM."""

    code = "invalid_month"


class PeriodNotOverError(PortalError):
    """The last month of the period has not ended yet, so its count would be short."""

    code = "period_not_over"


class CountingError(PortalError):
    """The query engine could not count (unreadable events, failed query)."""

    code = "counting_failed"


class CountingTimeoutError(PortalError):
    """The query engine did not finish within the allowed wait."""

    code = "counting_timed_out"


class DuplicatePeriodError(PortalError):
    """A publication for this period already exists."""

    code = "duplicate_period"


class OutOfOrderPublicationError(PortalError):
    """Publications are newest first; a new one cannot end before the latest one."""

    code = "out_of_order_publication"


class MissingMonthsError(PortalError):
    """Months without any counted recipient: publishing would understate the average."""

    code = "missing_months"


class InvalidPublicationsError(PortalError):
    """The publications data file does not hold valid publications."""

    code = "invalid_publications"
