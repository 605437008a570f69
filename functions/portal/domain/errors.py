"""
Errors the domain raises: each carries a stable code and its parameters, never a sentence.
api/error_handlers.py turns them into HTTP statuses and localized sentences.
"""

from collections.abc import Iterator
from typing import Any


def causes(error: BaseException) -> Iterator[BaseException]:
    """The error, then what caused it (`raise ... from`, or the error being handled), each once."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


class DomainError(Exception):
    """Base of every error a person can cause; `field` names the input it concerns."""

    code = "invalid"

    def __init__(self, code: str | None = None, *, field: str | None = None, **params: Any):
        self.code = code or self.code
        self.field = field
        self.params = params
        super().__init__(self.code)


class InvalidSubmission(DomainError):
    """The submission breaks a rule that needs more than its own fields (a case, a date)."""


class ChallengeFailed(DomainError):
    """The proof-of-work solution is missing, wrong, expired or already used."""

    code = "challenge_failed"


class CaseNotFound(DomainError):
    code = "case_not_found"


class ConfirmationFailed(DomainError):
    """An authority's confirmation link is unknown, wrong or expired."""

    code = "confirmation_invalid"


class UploadNotFound(DomainError):
    """No upload has this identifier (a field of a submission, or the upload asked for)."""

    code = "upload_not_found"


class AttachmentInUse(DomainError):
    """The upload belongs to another submission already: a file is attached to one case."""

    code = "attachment_in_use"


class SubmissionIdReused(DomainError):
    """The submission ID was already used, on this form, for different content."""

    code = "submission_id_reused"


class ServiceUnavailable(DomainError):
    """
    A service the portal depends on is busy or down (throttling, an outage, a lost
    connection): trying again later succeeds. The adapters raise it; `cause` names the
    service's own error code, for the log.
    """

    code = "service_unavailable"

    def __init__(self, cause: str) -> None:
        super().__init__()
        self.cause = cause


class ReferenceTaken(Exception):
    """The randomly drawn reference exists already; draw another."""


class InvalidMonthError(DomainError):
    """A month was not written as YYYY-MM."""

    code = "invalid_month"


class PeriodNotOverError(DomainError):
    """The last month of the period has not ended yet, so its count would be short."""

    code = "period_not_over"


class CountingError(DomainError):
    """The query engine could not count (unreadable events, failed query)."""

    code = "counting_failed"


class CountingTimeoutError(DomainError):
    """The query engine did not finish within the allowed wait."""

    code = "counting_timed_out"


class DuplicatePeriodError(DomainError):
    """A publication for this period already exists."""

    code = "duplicate_period"


class OutOfOrderPublicationError(DomainError):
    """Publications are newest first; a new one cannot end before the latest one."""

    code = "out_of_order_publication"


class MissingMonthsError(DomainError):
    """Months without any counted recipient: publishing would understate the average."""

    code = "missing_months"


class InvalidPublicationsError(DomainError):
    """The publications data file does not hold valid publications."""

    code = "invalid_publications"


class AlreadyDecided(DomainError):
    """The case has a decision: only an upheld appeal changes it, by reversing it."""

    code = "already_decided"


class StaffCaseNotFound(DomainError):
    """No case has this reference, or it is the other team's (which staff must not learn)."""

    code = "staff_case_not_found"


class StaffForbidden(DomainError):
    """Signed in, but in neither staff group: no case is theirs to see."""

    code = "staff_forbidden"


class AttachmentNotFound(DomainError):
    """The case has no attachment with this number."""

    code = "attachment_not_found"


class StaffUnauthenticated(DomainError):
    """No signed-in member of staff (the gateway's authorizer did not pass one on)."""

    code = "staff_unauthenticated"
