from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from portal.domain.errors import CountingError
from portal.domain.member_states import MEMBER_STATES
from portal.domain.recipients import (
    METHOD_VERSION,
    RecipientCount,
    RecipientsRecord,
    build_record,
    compute_record,
)
from tests.fakes import FakeRecipientsEngine
from tests.recipients_reference import FIRST_HALF_2026

COMPUTED_AT = datetime(2026, 7, 2, 6, 0, tzinfo=UTC)


def union_counts(months: tuple[date, ...], figures: list[int]) -> list[RecipientCount]:
    """Each month's Union figure, everybody in France."""
    return [
        count
        for month, figure in zip(months, figures, strict=True)
        for count in (RecipientCount(month, None, figure), RecipientCount(month, "FR", figure))
    ]


def record_for(months: tuple[date, ...], figures: list[int]) -> RecipientsRecord:
    counts = union_counts(months, figures)
    return build_record(months, counts, computed_at=COMPUTED_AT, engine="duckdb", source="t")


@pytest.mark.parametrize(
    ("figures", "average"),
    [
        ([1, 1, 1, 1, 1, 4], 2),  # 9 / 6 = 1.5: halves go up
        ([0, 0, 0, 0, 0, 3], 1),  # 0.5
        ([1, 1, 1, 1, 1, 3], 1),  # 1.33
        ([1, 1, 1, 1, 2, 4], 2),  # 1.67
        ([7_000_001, 7_000_002, 7_000_000, 6_999_999, 7_000_000, 7_000_001], 7_000_001),  # .5
    ],
)
def test_average_is_rounded_to_the_nearest_whole_number_halves_up(
    figures: list[int], average: int
) -> None:
    record = record_for(FIRST_HALF_2026, figures)

    assert record.average_monthly_active_recipients == average


def test_average_of_exactly_45_million_reaches_the_threshold() -> None:
    assert record_for(FIRST_HALF_2026, [45_000_000] * 6).reaches_threshold
    assert not record_for(FIRST_HALF_2026, [44_999_999] * 6).reaches_threshold


def test_average_of_44_999_999_and_a_half_rounds_up_to_the_threshold() -> None:
    record = record_for(FIRST_HALF_2026, [44_999_999] * 5 + [45_000_002])

    assert record.average_monthly_active_recipients == 45_000_000
    assert record.reaches_threshold


def test_record_covers_the_six_months_with_every_member_state() -> None:
    record = record_for(FIRST_HALF_2026, [10, 20, 30, 40, 50, 60])

    assert (record.period_start, record.period_end) == (date(2026, 1, 1), date(2026, 6, 30))
    assert [m.month for m in record.months] == [f"2026-0{i}" for i in range(1, 7)]
    assert [m.union for m in record.months] == [10, 20, 30, 40, 50, 60]
    assert sorted(record.months[2].member_states) == sorted(MEMBER_STATES)
    assert record.months[2].member_states["FR"] == 30
    assert record.months[2].member_states["MT"] == 0
    assert record.method_version == METHOD_VERSION


def test_month_without_any_recipient_is_reported_missing_and_counts_zero() -> None:
    counts = union_counts(FIRST_HALF_2026, [60, 60, 60, 60, 60, 60])
    counts = [c for c in counts if c.month != date(2026, 3, 1)]

    record = build_record(
        FIRST_HALF_2026, counts, computed_at=COMPUTED_AT, engine="duckdb", source="t"
    )

    assert record.missing_months == ["2026-03"]
    assert record.average_monthly_active_recipients == 50


def test_record_whose_average_disagrees_with_its_months_is_invalid() -> None:
    document = record_for(FIRST_HALF_2026, [10] * 6).model_dump(mode="json")
    document["average_monthly_active_recipients"] = 11

    with pytest.raises(ValidationError, match="not the months' average"):
        RecipientsRecord.model_validate(document)


def test_member_state_figure_above_the_union_figure_is_invalid() -> None:
    document = record_for(FIRST_HALF_2026, [10] * 6).model_dump(mode="json")
    document["months"][0]["member_states"]["DE"] = 11

    with pytest.raises(ValidationError, match="do not add up"):
        RecipientsRecord.model_validate(document)


def test_row_for_a_month_outside_the_period_is_an_engine_error() -> None:
    stray = [RecipientCount(date(2026, 7, 1), None, 5)]

    with pytest.raises(CountingError):
        build_record(FIRST_HALF_2026, stray, computed_at=COMPUTED_AT, engine="duckdb", source="t")


def test_compute_asks_the_engine_for_the_six_months_ending_with_the_period_end() -> None:
    engine = FakeRecipientsEngine(union_counts(FIRST_HALF_2026, [6] * 6))
    messages: list[str] = []

    record = compute_record(engine, date(2026, 6, 1), now=COMPUTED_AT, progress=messages.append)

    assert engine.asked == [FIRST_HALF_2026]
    assert (record.engine, record.source, record.computed_at) == (
        "duckdb",
        "fake events",
        COMPUTED_AT,
    )
    assert messages == ["counted 6 months"]


def test_json_schema_of_the_record_requires_the_published_fields() -> None:
    schema = RecipientsRecord.model_json_schema()

    assert {
        "period_start",
        "period_end",
        "average_monthly_active_recipients",
        "reaches_threshold",
        "months",
        "missing_months",
        "method_version",
        "computed_at",
        "engine",
    } <= set(schema["required"])
