"""
What the domain needs from the outside world, as small protocols the adapters implement.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from portal.domain.cases import Case
from portal.domain.mail import Mail
from portal.domain.uploads import Upload


class CaseStore(Protocol):
    def add(self, case: Case, mails: Sequence[Mail]) -> Case:
        """
        Store a new case and the e-mails it triggers in one atomic write. If a case with
        the same submission id exists, write nothing and return that case.
        """

    def get(self, reference: str) -> Case | None: ...

    def confirm(self, case: Case, confirmed_at: datetime, mails: Sequence[Mail]) -> Case:
        """Mark an authority message confirmed (once) and queue its e-mails atomically."""


class UploadRegistry(Protocol):
    def get(self, upload_id: str) -> Upload | None: ...


class ChallengeVerifier(Protocol):
    def verify(self, solution: str | None, submission_id: str) -> None:
        """Raise ChallengeFailed unless `solution` solves a challenge we issued, unused so far."""
