"""The template's number rules (Annex II s.4), on the sheets the domain lays out."""

from datetime import UTC, date, datetime

from portal.domain.report_records import Dispute, Qualitative, StaffRecords
from portal.domain.report_sheets import Cell, build_sheets, implemented_share
from portal.domain.transparency_report import NOTICE, Period, Tally

PERIOD = Period(date(2026, 1, 1), date(2026, 12, 31))
QUALITATIVE = Qualitative(provider="JUNG S.A.S.", service="Back Market", answers={"purposes": "x"})
NO_RECORDS = StaffRecords(disputes=[], suspensions=[], own_initiative=[])


def sheets(tallies: list[Tally], records: StaffRecords = NO_RECORDS) -> dict[str, list[list[Cell]]]:
    return {s.name: s.rows for s in build_sheets(tallies, records, QUALITATIVE, PERIOD)}


def test_a_row_that_applies_and_counted_nothing_shows_zero_and_a_median_of_nothing_is_blank() -> (
    None
):
    notices = sheets([])["4_notices"]
    total = notices[0]
    assert total[3] == "TOTAL"
    assert total[5] == 0  # notices received
    assert total[9] is None  # median time to take action: nothing measured


def test_a_row_that_does_not_apply_is_left_blank() -> None:
    qualitative = sheets([])["11_qualitative"]
    very_large_only = [row for row in qualitative if row[0] == "Only for VLOPs"]
    assert len(very_large_only) == 5
    assert all(row[4] is None for row in very_large_only)
    automated = sheets([])["8_automated_means"]
    accuracy = [row for row in automated if str(row[4]).startswith("Accuracy")]
    assert accuracy and all(row[6] is None for row in accuracy)


def test_the_share_of_outcomes_implemented_is_between_zero_and_one() -> None:
    def dispute(outcome: str, implemented: bool | None) -> Dispute:
        at = datetime(2026, 3, 1, tzinfo=UTC)
        return Dispute(
            submitted_at=at, body="ADR", outcome=outcome, decided_at=at, implemented=implemented
        )

    assert (
        implemented_share(
            [
                dispute("reversed", True),
                dispute("partially_reversed", False),
                dispute("upheld", None),
            ]
        )
        == 0.5
    )
    assert implemented_share([dispute("reversed", True)]) == 1.0
    assert implemented_share([dispute("upheld", None)]) is None  # nothing to implement: blank


def test_times_are_hours_rounded_to_the_hundredth() -> None:
    tally = Tally(NOTICE, "TOTAL", "", "TOTAL", 3, 36.666666)
    total = sheets([tally])["4_notices"][0]
    assert total[5] == 3
    assert total[9] == 36.67


def _count(row: list[Cell]) -> int:
    assert isinstance(row[5], int)
    return row[5]


def test_sub_rows_add_up_to_their_row() -> None:
    tallies = [
        Tally(NOTICE, "STATEMENT_CATEGORY_SCAMS_AND_FRAUD", "KEYWORD_PHISHING", "TOTAL", 2, None),
        Tally(NOTICE, "STATEMENT_CATEGORY_SCAMS_AND_FRAUD", "KEYWORD_OTHER", "TOTAL", 3, None),
        Tally(NOTICE, "STATEMENT_CATEGORY_SCAMS_AND_FRAUD", "", "TOTAL", 5, None),
        Tally(NOTICE, "TOTAL", "", "TOTAL", 5, None),
    ]
    rows = sheets(tallies)["4_notices"]
    keys = [row[3] for row in rows]
    start = keys.index("STATEMENT_CATEGORY_SCAMS_AND_FRAUD")
    end = next(i for i in range(start + 1, len(keys)) if str(keys[i]).startswith("STATEMENT_"))
    keywords = rows[start + 1 : end]
    assert sum(_count(row) for row in keywords) == rows[start][5] == 5
    categories = [row for row in rows if str(row[3]).startswith("STATEMENT_")]
    assert sum(_count(row) for row in categories) == rows[0][5]
