from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from portal.domain.errors import (
    DuplicatePeriodError,
    MissingMonthsError,
    OutOfOrderPublicationError,
)
from portal.domain.months import period_months
from portal.domain.publications import Publications, ThresholdStatement, check_can_publish
from portal.domain.recipients import RecipientCount, RecipientsRecord, build_record

HISTORY = [
    {"period_start": "2025-06-30", "period_end": "2025-12-31", "statement": "well_below_threshold"},
    {"period_start": "2023-06-30", "period_end": "2023-12-31", "statement": "well_below_threshold"},
]


def record_ending(period_end: date, *, missing: date | None = None) -> RecipientsRecord:
    months = period_months(period_end)
    counts = [RecipientCount(m, state, 7) for m in months if m != missing for state in (None, "IE")]
    computed_at = datetime(2026, 11, 1, tzinfo=UTC)
    return build_record(months, counts, computed_at=computed_at, engine="athena", source="t")


def test_historic_statements_and_computed_records_validate_together() -> None:
    record = record_ending(date(2026, 6, 1)).model_dump(mode="json")

    publications = Publications.model_validate({"publications": [record, *HISTORY]})

    assert isinstance(publications.publications[0], RecipientsRecord)
    assert isinstance(publications.publications[1], ThresholdStatement)
    assert publications.latest_period_end == date(2026, 6, 30)


def test_publications_not_newest_first_are_invalid() -> None:
    with pytest.raises(ValidationError, match="newest first"):
        Publications.model_validate({"publications": list(reversed(HISTORY))})


def test_statement_other_than_well_below_threshold_is_invalid() -> None:
    entry = {**HISTORY[0], "statement": "below"}

    with pytest.raises(ValidationError, match="well_below_threshold"):
        Publications.model_validate({"publications": [entry]})


def test_record_for_a_period_already_published_is_refused() -> None:
    publications = Publications.model_validate({"publications": HISTORY})

    with pytest.raises(DuplicatePeriodError) as raised:
        check_can_publish(
            publications, record_ending(date(2025, 12, 1)), allow_missing_months=False
        )

    assert raised.value.params == {"period_end": "2025-12-31"}


def test_record_older_than_the_latest_publication_is_refused() -> None:
    publications = Publications.model_validate({"publications": HISTORY})

    with pytest.raises(OutOfOrderPublicationError):
        check_can_publish(publications, record_ending(date(2024, 6, 1)), allow_missing_months=False)


def test_record_with_a_missing_month_is_refused_unless_allowed() -> None:
    publications = Publications.model_validate({"publications": HISTORY})
    record = record_ending(date(2026, 6, 1), missing=date(2026, 2, 1))

    with pytest.raises(MissingMonthsError) as raised:
        check_can_publish(publications, record, allow_missing_months=False)
    check_can_publish(publications, record, allow_missing_months=True)

    assert raised.value.params == {"months": "2026-02"}
