"""
Errors the domain raises: each carries a stable code and its parameters, never a sentence.
api/errors.py turns them into HTTP statuses and localized messages.
"""

from typing import Any


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
    code = "upload_not_found"


class ReferenceTaken(Exception):
    """The randomly drawn reference exists already; draw another."""
