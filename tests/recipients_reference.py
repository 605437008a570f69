"""
A plain reference count of active recipients, over a list of events in Python, written
apart from the portal's code (its own list of the 27 Member States), plus writers for
events as Parquet or CSV and a generator of awkward random events. Tests only.
"""

import csv
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from portal.domain.months import period_months
from portal.domain.recipients import RecipientCount

# Austria to Sweden, as published by the EU (Greece as GR here, EL in EU documents).
MEMBER_STATES = frozenset(
    (
        *("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU"),
        *("IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"),
    )
)

# The six months of an Art. 24(2) period ending in June 2026.
FIRST_HALF_2026 = period_months(date(2026, 6, 1))


@dataclass(frozen=True)
class Event:
    recipient_id: str
    occurred_at: datetime
    country: str
    is_bot: bool = False


def reference_counts(events: Iterable[Event], months: Sequence[date]) -> set[RecipientCount]:
    """Per month: distinct people in the Union (member_state None) and in each State."""
    union: dict[date, set[str]] = {}
    states: dict[tuple[date, str], set[str]] = {}
    for event in events:
        at = event.occurred_at.astimezone(UTC) if event.occurred_at.tzinfo else event.occurred_at
        month = date(at.year, at.month, 1)
        state = event.country.strip().upper()
        state = "GR" if state == "EL" else state
        if event.is_bot or month not in months or state not in MEMBER_STATES:
            continue
        union.setdefault(month, set()).add(event.recipient_id)
        states.setdefault((month, state), set()).add(event.recipient_id)
    return {RecipientCount(m, None, len(ids)) for m, ids in union.items()} | {
        RecipientCount(m, s, len(ids)) for (m, s), ids in states.items()
    }


def write_parquet(path: Path, events: Sequence[Event], *, time_zone: str | None = "UTC") -> Path:
    table = pa.table(
        {
            "recipient_id": pa.array([e.recipient_id for e in events], pa.string()),
            "occurred_at": pa.array(
                [e.occurred_at.replace(tzinfo=None) for e in events],
                pa.timestamp("ms", tz=time_zone),
            ),
            "country": pa.array([e.country for e in events], pa.string()),
            "is_bot": pa.array([e.is_bot for e in events], pa.bool_()),
            "page": pa.array(["listing"] * len(events), pa.string()),
        }
    )
    pq.write_table(table, path)
    return path


def write_distinct_recipients(path: Path, count: int, occurred_at: datetime, country: str) -> Path:
    """
    `count` events by as many recipients, all at one moment in one country, in the columns
    `write_parquet` writes. Built column by column: as many `Event`s would take seconds.
    """
    table = pa.table(
        {
            "recipient_id": pa.array(
                [f"recipient-with-a-long-identifier-{i:07d}" for i in range(count)], pa.string()
            ),
            "occurred_at": pa.repeat(
                pa.scalar(occurred_at.replace(tzinfo=None), pa.timestamp("ms", tz="UTC")), count
            ),
            "country": pa.repeat(pa.scalar(country, pa.string()), count),
            "is_bot": pa.repeat(pa.scalar(False, pa.bool_()), count),
            "page": pa.repeat(pa.scalar("listing", pa.string()), count),
        }
    )
    pq.write_table(table, path)
    return path


def write_csv(path: Path, events: Sequence[Event]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["occurred_at", "recipient_id", "country", "is_bot", "page"])
        for e in events:
            stamp = e.occurred_at.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
            writer.writerow([stamp, e.recipient_id, e.country, str(e.is_bot).lower(), "search"])
    return path


_COUNTRIES = ("DE", "FR", "fr", "GR", "EL", "el", "MT", "SE", "GB", "CH", "NO", "US", "XK", "")


def random_events(seed: int, first_month: date, count: int) -> list[Event]:
    """Events over eight months from `first_month`, many on the edges of months."""
    chance = random.Random(seed)  # noqa: S311 - test data, not secrets
    start = datetime(first_month.year, first_month.month, 1, tzinfo=UTC)
    span = (start + timedelta(days=8 * 31)).replace(day=1) - start
    events = []
    for _ in range(count):
        at = start + timedelta(seconds=chance.uniform(0, span.total_seconds()))
        if chance.random() < 0.3:  # right before or right at the start of a month
            first = at.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
            at = first - timedelta(milliseconds=1) if chance.random() < 0.5 else first
        events.append(
            Event(
                recipient_id=f"r{chance.randrange(60)}",
                occurred_at=at.replace(microsecond=at.microsecond // 1000 * 1000),
                country=chance.choice(_COUNTRIES),
                is_bot=chance.random() < 0.1,
            )
        )
    return events
