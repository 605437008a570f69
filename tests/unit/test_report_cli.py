"""`portal report transparency`: what it says when an option or a file is wrong."""

from pathlib import Path

import pytest

from portal.cli import main


def run(capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str]:
    code = main(["report", "transparency", *options])
    return code, capsys.readouterr().err


def test_a_period_that_ends_before_it_starts_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, said = run(
        capsys,
        "--from",
        "2026-12-31",
        "--to",
        "2026-01-01",
        "--export",
        str(tmp_path),
        "--out",
        str(tmp_path / "out"),
    )

    assert code == 2
    assert "error: --to is before --from" in said
    assert not (tmp_path / "out").exists()


def test_a_day_that_is_not_a_date_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, said = run(
        capsys,
        "--from",
        "2026-13-01",
        "--to",
        "2026-12-31",
        "--export",
        str(tmp_path),
        "--out",
        str(tmp_path / "out"),
    )

    assert code == 2
    assert "YYYY-MM-DD" in said


def test_aws_needs_the_table_and_a_bucket(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, said = run(
        capsys, "--from", "2026-01-01", "--to", "2026-12-31", "--out", str(tmp_path / "out")
    )

    assert code == 2
    assert "give --table and --bucket" in said


def test_a_missing_qualitative_file_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "qualitative.yml"
    code, said = run(
        capsys,
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--export",
        str(tmp_path),
        "--out",
        str(tmp_path / "out"),
        "--qualitative",
        str(missing),
    )

    assert code == 2
    assert str(missing) in said
