"""The published transparency reports' data file, as the site build checks it."""

from pathlib import Path
from typing import Any

import pytest
import yaml

from portal.site.transparency_reports import check_transparency_reports

HARMONISED: dict[str, Any] = {
    "period_start": "2026-01-01",
    "period_end": "2026-12-31",
    "published_on": "2027-02-26",
    "format": "harmonised",
    "files": ["2026/4_notices.csv", "2026/transparency-report.xlsx"],
}
APRIL_2025: dict[str, Any] = {
    "period_start": "2024-01-01",
    "period_end": "2024-12-31",
    "published_on": "2025-04-30",
    "format": "free_form",
    "url": "https://assets.example.net/Transparency_Report_04.2025.pdf",
}
REASON = {"en": "A count was wrong.", "fr": "Un chiffre était faux.", "nl": "Een telling was fout.", "de": "Eine Zahl war falsch.", "es": "Una cifra era incorrecta.", "it": "Un dato era errato."}  # fmt: skip


def check(tmp_path: Path, reports: list[dict[str, Any]], files: list[str]) -> None:
    data = tmp_path / "transparency-reports.yml"
    data.write_text(yaml.safe_dump({"reports": reports}), encoding="utf-8")
    directory = tmp_path / "reports"
    for name in files:
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text("x", encoding="utf-8")
    check_transparency_reports(data, directory)


def test_a_harmonised_report_with_its_files_and_the_april_2025_report_pass(tmp_path: Path) -> None:
    correction = {"on": "2027-03-10", "reason": REASON}
    check(tmp_path, [HARMONISED | {"corrections": [correction]}, APRIL_2025], HARMONISED["files"])


def test_a_file_the_entry_names_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"2026/transparency-report\.xlsx"):
        check(tmp_path, [HARMONISED], ["2026/4_notices.csv"])


def test_a_harmonised_report_has_csv_files_and_a_workbook(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="CSV files and its XLSX workbook"):
        check(tmp_path, [HARMONISED | {"files": ["2026/4_notices.csv"]}], ["2026/4_notices.csv"])


def test_a_correction_says_why_in_every_language(tmp_path: Path) -> None:
    correction = {"on": "2027-03-10", "reason": {"en": "A count was wrong."}}
    with pytest.raises(ValueError, match="missing in fr, nl, de, es, it"):
        check(tmp_path, [HARMONISED | {"corrections": [correction]}], HARMONISED["files"])


def test_reports_are_newest_first(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="newest first"):
        check(tmp_path, [APRIL_2025, HARMONISED], HARMONISED["files"])


def test_the_repository_lists_the_april_2025_report_as_the_previous_one() -> None:
    root = Path(__file__).resolve().parents[2]
    reports = check_transparency_reports(
        root / "docs" / "transparency-reports.yml",
        root / "docs" / "en" / "transparency" / "reports",
    )
    assert reports.reports[-1].published_on.isoformat() == "2025-04-30"
    assert str(reports.reports[-1].url).endswith("Transparency_Report_04.2025.pdf")
