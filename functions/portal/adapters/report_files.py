"""
The report's files: one CSV per sheet (RFC 4180: CRLF line ends, fields quoted when they
must be; UTF-8), named as Annex I numbers the sheets, and one XLSX workbook with the same
sheets and cells. A blank cell is empty in both; numbers stay numbers in the workbook.
"""

import csv
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from portal.domain.report_sheets import Cell, Sheet

WORKBOOK = "transparency-report.xlsx"


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        return repr(cell)
    return str(cell)


def write_csv(sheet: Sheet, directory: Path) -> Path:
    path = directory / f"{sheet.name}.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(sheet.columns)
        writer.writerows([_text(cell) for cell in row] for row in sheet.rows)
    return path


def write_xlsx(sheets: Sequence[Sheet], path: Path) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for sheet in sheets:
        # Excel's sheet names hold at most 31 characters: the Annex's names fit.
        worksheet = workbook.create_sheet(sheet.name[:31])
        worksheet.append(list(sheet.columns))
        for row in sheet.rows:
            worksheet.append(list(row))
    workbook.save(path)
    return path


def write_report(sheets: Sequence[Sheet], directory: Path) -> list[Path]:
    """Every sheet as CSV, then the workbook; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = [write_csv(sheet, directory) for sheet in sheets]
    written.append(write_xlsx(sheets, directory / WORKBOOK))
    return written
