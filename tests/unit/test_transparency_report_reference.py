"""
The reference report: cases with a known answer (tests/report_cases.py) go into an export of
the cases table; `portal report transparency` counts it with DuckDB and writes the sheets.
The expected sheets are computed here, from what each case was made to be, and compared
with the CSV files cell by cell; the workbook must hold the same cells.
"""

import csv
from collections.abc import Callable, Iterable
from pathlib import Path
from statistics import median
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

from portal.cli import main
from tests.report_cases import PERIOD, Plan, export_items, known_cases, write_export

TOTAL = "TOTAL"
RECORDS: dict[str, Any] = {
    "disputes": [
        {"submitted_at": "2026-02-01T10:00:00+00:00", "body": "ADR One", "outcome": "reversed",
         "decided_at": "2026-02-05T14:00:00+00:00", "implemented": True},
        {"submitted_at": "2026-03-01T10:00:00+00:00", "body": "ADR One", "outcome": "partially_reversed",
         "decided_at": "2026-03-09T18:00:00+00:00", "implemented": False},
        {"submitted_at": "2026-04-01T10:00:00+00:00", "body": "ADR Two", "outcome": "upheld",
         "decided_at": "2026-04-13T22:00:00+00:00"},
        {"submitted_at": "2025-12-01T10:00:00+00:00", "body": "ADR Two", "outcome": "reversed",
         "decided_at": "2025-12-02T10:00:00+00:00", "implemented": True},
    ],
    "suspensions": [
        {"on": "2026-05-01", "reason": "manifestly_illegal_content"},
        {"on": "2026-06-01", "reason": "manifestly_illegal_content"},
        {"on": "2026-07-01", "reason": "manifestly_unfounded_notices"},
        {"on": "2025-07-01", "reason": "manifestly_unfounded_complaints"},
    ],
    "own_initiative": [
        {"on": "2026-01-31", "ground": "illegal_content", "category": "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
         "keyword": "KEYWORD_INAUTHENTIC_LISTINGS", "restriction": "visibility_removal", "count": 5,
         "automated_detection": True, "automated_decision": True},
        {"on": "2026-02-28", "ground": "terms_and_conditions", "category": "STATEMENT_CATEGORY_OTHER_VIOLATION_TC",
         "keyword": "KEYWORD_OTHER", "restriction": "visibility_demoted", "count": 3},
        {"on": "2025-02-28", "ground": "terms_and_conditions", "category": "STATEMENT_CATEGORY_OTHER_VIOLATION_TC",
         "keyword": "KEYWORD_OTHER", "restriction": "visibility_demoted", "count": 7},
    ],
}  # fmt: skip
DISPUTE_HOURS = [100.0, 200.0, 300.0]  # the three disputes of 2026, submitted to decided


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(round(value, 2))
    return str(value)


def _median(values: Iterable[float | None]) -> float | None:
    measured = [value for value in values if value is not None]
    return median(measured) if measured else None


def _same(cell: Any) -> Any:
    """A cell as a number when it is one: Excel keeps 20.0 as the number 20."""
    if cell is None or cell == "":
        return ""
    try:
        return float(cell)
    except (TypeError, ValueError):
        return str(cell)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Plan]:
    root = tmp_path_factory.mktemp("report")
    stored, plan = known_cases()
    export = write_export(export_items(stored), root / "export")
    records = root / "records.yml"
    records.write_text(yaml.safe_dump(RECORDS), encoding="utf-8")
    out = root / "out"
    code = main(
        ["report", "transparency", "--from", PERIOD.start.isoformat(), "--to",
         PERIOD.end.isoformat(), "--export", str(export), "--out", str(out),
         "--records", str(records), "--published", "2027-02-15"]
    )  # fmt: skip
    assert code == 0
    return out, plan


def _sheet(out: Path, name: str) -> list[dict[str, str]]:
    with (out / f"{name}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


class Compared:
    """Counts the cells compared, over every test of this module."""

    cells = 0


def _compare(
    rows: list[dict[str, str]], expected: Callable[[dict[str, str]], dict[str, Any]]
) -> None:
    for row in rows:
        for column, value in expected(row).items():
            assert row[column] == _text(value), (
                row.get("Category of illegal content"),
                row.get("Scope"),
                column,
            )
            Compared.cells += 1


def _compare_row(row: dict[str, str], expected: dict[str, Any]) -> None:
    _compare([row], lambda _: expected)


def _categories(
    rows: list[dict[str, str]], key_column: str
) -> list[tuple[dict[str, str], str, str]]:
    """Each row with its (category, keyword): a keyword row belongs to the category above it."""
    found, parent = [], TOTAL
    for row in rows:
        key = row[key_column]
        if key == TOTAL or key.startswith("STATEMENT_"):
            parent = key
            found.append((row, key, ""))
        else:
            found.append((row, parent, key))
    return found


def _matches(category: str, keyword: str, planned_category: str, planned_keyword: str) -> bool:
    if category == TOTAL:
        return True
    return planned_category == category and (keyword == "" or planned_keyword == keyword)


def test_orders_are_counted_by_member_state(written: tuple[Path, Plan]) -> None:
    out, plan = written
    rows = _sheet(out, "3_member_states_orders")
    columns = list(rows[0])
    for row, category, keyword in _categories(rows, "Category of illegal content"):
        scope = row["Scope"]
        counted = category in (TOTAL, "STATEMENT_CATEGORY_NOT_SPECIFIED_ORDER") and keyword == ""
        orders = [o for o in plan.orders if counted and scope in (TOTAL, o.scope)]
        act = [o for o in orders if o.basis == "order_against_illegal_content"]
        info = [o for o in orders if o.basis == "information_order"]
        expected = dict(zip(columns[6:13], [
            len(act), sum(o.items for o in act), _median(o.receipt_hours for o in act),
            _median(o.effect_hours for o in act), len(info),
            _median(o.receipt_hours for o in info), _median(o.effect_hours for o in info),
        ], strict=True)) | dict.fromkeys(columns[13:])  # fmt: skip
        _compare_row(row, expected)
    assert len(rows) == 28 * 91
    # The figures the plan was made for, spelled out once.
    total = rows[0]
    assert (total["Scope"], total[columns[6]], total[columns[8]], total[columns[9]]) == (
        "TOTAL",
        "4",
        "2.5",
        "20.0",
    )
    greece = next(
        r for r in rows if r["Scope"] == "EL" and r["Category of illegal content"] == TOTAL
    )
    assert greece[columns[6]] == "1"


def test_notices_are_counted_by_category_and_keyword(written: tuple[Path, Plan]) -> None:
    out, plan = written
    rows = _sheet(out, "4_notices")
    columns = list(rows[0])
    for row, category, keyword in _categories(rows, "Category of illegal content"):
        chosen = [n for n in plan.notices if _matches(category, keyword, n.category, n.keyword)]
        expected = dict(zip(columns[5:15], [
            len(chosen), 0, sum(n.items for n in chosen), 0, _median(n.hours for n in chosen),
            None, sum(n.law for n in chosen), 0, sum(n.terms for n in chosen), 0,
        ], strict=True)) | dict.fromkeys(columns[15:])  # fmt: skip
        _compare_row(row, expected)
    assert rows[0][columns[5]] == "9" and rows[0][columns[9]] == "10.0"


def test_own_initiative_measures_come_from_the_staff_records(written: tuple[Path, Plan]) -> None:
    out, _ = written
    for name, entry in (("5_own_initiative_illegal", 0), ("6_own_initiative_TC", 1)):
        rows = _sheet(out, name)
        columns = list(rows[0])
        given = RECORDS["own_initiative"][entry]
        restriction = {"visibility_removal": 7, "visibility_demoted": 9}[given["restriction"]]
        for row, category, keyword in _categories(rows, columns[3]):
            hit = _matches(category, keyword, given["category"], given["keyword"])
            count = given["count"] if hit else 0
            values = [0] * 16
            values[0] = count
            values[1] = count if given.get("automated_detection") else 0
            values[restriction - 5] = count
            expected = dict(zip(columns[5:21], values, strict=True)) | dict.fromkeys(columns[21:])
            _compare_row(row, expected)


def test_complaints_disputes_and_suspensions(written: tuple[Path, Plan]) -> None:
    out, plan = written
    rows = _sheet(out, "7_appeals_and_recidivism")
    subjects = {
        "Number of complaints submitted to the internal-complaints mechanism": None,
        "Complaint regarding a decision to remove or disable access to or restrict visibility of information": "visibility",
        "Complaint regarding a decision to suspend or terminate the provision of the service": "provision",
        "Complaint regarding a decision to suspend or terminate an account ": "account",
        "Complaint regarding a decision to restrict the ability to monetise information": "monetisation",
        "Complaint regarding a decision not to take action on a notice submitted in accordance with Article 16": "no_action",
        "Complaint regarding a decision not to take action on a notice submitted by a Trusted Flagger in accordance with Article 16": "tf",
    }  # fmt: skip
    scopes = {"Decisions upheld": "upheld", "Decisions partially reversed": "partially_reversed",
              "Decisions reversed": "reversed", "Decision omitted": "omitted"}  # fmt: skip
    disputes = RECORDS["disputes"][:3]
    expected_by_indicator: dict[tuple[str, str], Any] = {
        ("Number of restrictions newly imposed as a result of an internal complaint", "Total number"):
            sum(1 for a in plan.appeals if a.notifier and a.outcome in ("reversed", "partially_reversed")),
        ("Number of disputes submitted to out-of-court dispute settlement bodies", "Total number"): 3,
        ("Number of disputes submitted to out-of-court dispute settlement bodies", "Decisions upheld"): 1,
        ("Number of disputes submitted to out-of-court dispute settlement bodies", "Decisions partially reversed"): 1,
        ("Number of disputes submitted to out-of-court dispute settlement bodies", "Decisions reversed"): 1,
        ("Number of disputes submitted to out-of-court dispute settlement bodies", "Decision omitted"): 0,
        ("Number of disputes submitted to out-of-court dispute settlement bodies", "Median time"): median(DISPUTE_HOURS),
        ("Number of disputes submitted to out-of-court dispute settlement bodies", "Percentage of outcomes implemented"):
            sum(1 for d in disputes if d.get("implemented")) / 2,
        ("Number of suspensions enacted for the provision of manifestly illegal content ", "Total number"): 2,
        ("Number of suspensions enacted for the provision of manifestly unfounded notices", "Total number"): 1,
        ("Number of suspensions enacted for the provision of manifestly unfounded complaints", "Total number"): 0,
    }  # fmt: skip
    for indicator, subject in subjects.items():
        chosen = [a for a in plan.appeals if subject is None or a.subject == subject]
        expected_by_indicator[(indicator, "Total number")] = len(chosen)
        expected_by_indicator[(indicator, "Median time")] = _median(a.hours for a in chosen)
        for scope, outcome in scopes.items():
            if subject is None or outcome != "omitted":
                expected_by_indicator[(indicator, scope)] = sum(
                    1 for a in chosen if a.outcome == outcome
                )
    assert len(rows) == len(expected_by_indicator)
    _compare(rows, lambda row: {"Value": expected_by_indicator[(row["Indicator"], row["Scope"])],
                                "Contextual Information": None})  # fmt: skip
    assert expected_by_indicator[(next(iter(subjects)), "Median time")] == 24.0


def test_automated_means(written: tuple[Path, Plan]) -> None:
    out, plan = written
    rows = _sheet(out, "8_automated_means")
    own = RECORDS["own_initiative"][:2]
    own_automated = sum(o["count"] for o in own if o.get("automated_decision"))
    own_manual = sum(o["count"] for o in own if not o.get("automated_decision"))
    automated = sum(n.automated for n in plan.notices)
    manual = sum(n.restricted - n.automated for n in plan.notices)
    values = {
        ("Number of measures solely taken by automated means ", "Total number"): automated + own_automated,
        ("Number of measures not taken by automated means", "Total number"): manual + own_manual,
        ("Number of measures solely taken by automated means ", "Own-initiative "): own_automated,
        ("Number of measures not taken by automated means", "Own-initiative "): own_manual,
        ("Number of notices solely processed by automated means ", "NAM Total"):
            sum(1 for n in plan.notices if n.all_automated),
        ("Number of notices not processed by automated means", "NAM Total"):
            sum(1 for n in plan.notices if n.decided and not n.all_automated),
        ("Number of notices solely processed by automated means ", "NAM Trusted Flagger"): 0,
        ("Number of notices not processed by automated means", "NAM Trusted Flagger"): 0,
    }  # fmt: skip
    # Accuracy rows: blank, no measurement was entered.
    _compare(rows, lambda row: {"Value": values.get((row["Indicator"], row["Scope"])),
                                "Contextual Information": None})  # fmt: skip
    assert len(rows) == 20


def test_identification_and_qualitative_answers(written: tuple[Path, Plan]) -> None:
    out, _ = written
    identification = {
        row["Indicator"]: row["Value"] for row in _sheet(out, "1_report_identification")
    }
    assert identification == {
        "Name of the service provider": "JUNG S.A.S.",
        "Date of the publication of the report": "2027-02-15",
        "Date of the publication of the latest previous report": "2025-04-30",
        "Starting date of reporting period": "2026-01-01",
        "Ending date of reporting period": "2026-12-31",
    }
    qualitative = _sheet(out, "11_qualitative")
    assert [bool(row["Value"]) for row in qualitative] == [True] * 6 + [False] * 5
    Compared.cells += len(identification) + len(qualitative)


def test_the_workbook_holds_the_same_cells_as_the_csv_files(written: tuple[Path, Plan]) -> None:
    out, _ = written
    workbook = load_workbook(out / "transparency-report.xlsx")
    for csv_file in sorted(out.glob("*.csv")):
        with csv_file.open(encoding="utf-8", newline="") as file:
            expected = list(csv.reader(file))
        sheet = workbook[csv_file.stem[:31]]
        found = [[_same(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
        assert found == [[_same(cell) for cell in row] for row in expected], csv_file.name


def test_cells_compared(written: tuple[Path, Plan]) -> None:
    """Runs last: how many cells the reference compared (printed for the closing note)."""
    print(f"reference report: {Compared.cells} cells compared with the expected sheets")
    assert Compared.cells > 5000


def test_the_counted_sub_rows_add_up_to_their_rows(written: tuple[Path, Plan]) -> None:
    out, _ = written
    for name, first in (("3_member_states_orders", 6), ("4_notices", 5)):
        rows = [r for r in _sheet(out, name) if r.get("Scope", TOTAL) == TOTAL]
        columns = [c for c in list(rows[0])[first:] if c.startswith("Number")]
        categories = [
            (row, c)
            for row, c, keyword in _categories(rows, list(rows[0])[3])
            if not keyword and c != TOTAL
        ]
        for column in columns:
            assert sum(int(row[column]) for row, _ in categories) == int(rows[0][column]), (
                name,
                column,
            )
            for row, category in categories:
                keywords = [
                    r for r, c, k in _categories(rows, list(rows[0])[3]) if c == category and k
                ]
                if keywords:
                    assert sum(int(r[column]) for r in keywords) == int(row[column]), (
                        name,
                        category,
                        column,
                    )
