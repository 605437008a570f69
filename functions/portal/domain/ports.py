"""
What the domain needs from the outside world, as Protocols: adapters implement them, tests
use fakes (tests/fakes.py).
"""

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from portal.domain.recipients import EngineName, Progress, RecipientCount, RecipientsRecord


class RecipientsEngine(Protocol):
    """Counts unique active recipients per month in the Union and in each Member State."""

    @property
    def name(self) -> EngineName: ...

    @property
    def source(self) -> str:
        """Where the events are read from, recorded with the figure (Art. 24(3))."""
        ...

    def count_recipients(
        self, months: Sequence[date], progress: Progress
    ) -> list[RecipientCount]: ...


class RecordStore(Protocol):
    """Keeps every computed record; returns where it was stored."""

    def save(self, record: RecipientsRecord) -> str: ...


class StaffNotifier(Protocol):
    """Tells legal staff about something they must act on."""

    def recipients_computed(self, record: RecipientsRecord, location: str) -> None: ...
