"""Stand-ins for the ports in portal.domain.ports, recording what they were asked."""

from collections.abc import Sequence
from datetime import date

from portal.domain.recipients import EngineName, Progress, RecipientCount, RecipientsRecord


class FakeRecipientsEngine:
    name: EngineName = "duckdb"
    source = "fake events"

    def __init__(self, counts: Sequence[RecipientCount] = ()) -> None:
        self.counts = list(counts)
        self.asked: list[tuple[date, ...]] = []

    def count_recipients(self, months: Sequence[date], progress: Progress) -> list[RecipientCount]:
        self.asked.append(tuple(months))
        progress(f"counted {len(months)} months")
        return [count for count in self.counts if count.month in months]


class FakeRecordStore:
    def __init__(self) -> None:
        self.saved: list[RecipientsRecord] = []

    def save(self, record: RecipientsRecord) -> str:
        self.saved.append(record)
        return f"memory://records/{len(self.saved)}"


class FakeStaffNotifier:
    def __init__(self) -> None:
        self.computed: list[tuple[RecipientsRecord, str]] = []

    def recipients_computed(self, record: RecipientsRecord, location: str) -> None:
        self.computed.append((record, location))
