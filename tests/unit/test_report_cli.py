"""`portal report transparency`: what it says when an option or a file is wrong."""

from pathlib import Path

import pytest

from portal.cli import main


def run(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    start: str = "2026-01-01",
    end: str = "2026-12-31",
    *options: str,
    export: bool = True,
) -> tuple[int, str]:
    source = ["--export", str(tmp_path)] if export else []
    period = ["--from", start, "--to", end]
    code = main(
        ["report", "transparency", *period, *source, "--out", str(tmp_path / "out"), *options]
    )
    return code, capsys.readouterr().err


def test_a_period_that_ends_before_it_starts_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, said = run(capsys, tmp_path, "2026-12-31", "2026-01-01")

    assert code == 2
    assert "error: --to is before --from" in said
    assert not (tmp_path / "out").exists()


def test_a_day_that_is_not_a_date_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, said = run(capsys, tmp_path, "2026-13-01")

    assert code == 2
    assert "YYYY-MM-DD" in said


def test_aws_needs_the_table_and_a_bucket(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, said = run(capsys, tmp_path, export=False)

    assert code == 2
    assert "give --table and --bucket" in said


def test_a_missing_qualitative_file_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "qualitative.yml"
    code, said = run(capsys, tmp_path, "2026-01-01", "2026-12-31", "--qualitative", str(missing))

    assert code == 2
    assert str(missing) in said
