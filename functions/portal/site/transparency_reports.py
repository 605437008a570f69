"""
The build's check of docs/transparency-reports.yml: every entry valid
(domain/report_publications.py) and every file an entry names present under
docs/<source language>/transparency/reports/, so that no download link is broken.
"""

from pathlib import Path

import yaml
from pydantic import ValidationError

from portal.domain.report_publications import PublishedReports, missing_files

DATA_FILE = "transparency-reports.yml"
FILES_DIR = Path("transparency") / "reports"


def check_transparency_reports(data_file: Path, files_dir: Path) -> PublishedReports:
    """The published reports, validated; raises ValueError saying what is wrong."""
    try:
        reports = PublishedReports.model_validate(
            yaml.safe_load(data_file.read_text(encoding="utf-8"))
        )
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise ValueError(f"{data_file}: {error}") from error
    present = (
        {path.relative_to(files_dir).as_posix() for path in files_dir.rglob("*") if path.is_file()}
        if files_dir.is_dir()
        else set()
    )
    missing = missing_files(reports, present)
    if missing:
        raise ValueError(f"{data_file}: no such file under {files_dir}: {', '.join(missing)}")
    return reports
