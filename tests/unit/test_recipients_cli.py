"""`portal recipients …` driven through the real command-line entry point."""

import json
import shutil
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from portal.adapters.publications_file import load_publications
from portal.cli import main
from portal.domain.months import add_months, format_month
from portal.domain.recipients import RecipientsRecord
from tests.recipients_reference import FIRST_HALF_2026, Event, reference_counts

PORTAL_FILE = Path(__file__).parents[2] / "docs" / "active-recipients.yml"
FIRST_HALF = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]


def sample(tmp_path: Path, months: list[str], name: str = "events.parquet") -> Path:
    path = tmp_path / name
    assert (
        main(["recipients", "sample", "--out", str(path), "--rows", "3000", "--months", *months])
        == 0
    )
    return path


def compute(events: Path, period_end: str, *options: str) -> int:
    return main(
        ["recipients", "compute", "--events", str(events), "--period-end", period_end, *options]
    )


def publish(result: Path, data: Path) -> int:
    return main(["recipients", "publish", "--result", str(result), "--data", str(data)])


def test_sample_compute_and_publish_give_the_reference_figures_on_top_of_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events_path = sample(tmp_path, FIRST_HALF)
    result = tmp_path / "result.json"
    data = Path(shutil.copy(PORTAL_FILE, tmp_path / "active-recipients.yml"))

    computed = compute(events_path, "2026-06", "--out", str(result))
    out, err = capsys.readouterr()
    published = publish(result, data)

    record = RecipientsRecord.model_validate_json(result.read_text(encoding="utf-8"))
    events = [Event(**row) for row in pq.read_table(events_path).to_pylist()]
    expected = reference_counts(events, FIRST_HALF_2026)
    assert (computed, published) == (0, 0)
    assert [m.union for m in record.months] == [
        next(c.recipients for c in expected if c.month == month and c.member_state is None)
        for month in FIRST_HALF_2026
    ]
    assert f"2026-01-01 to 2026-06-30: {record.average_monthly_active_recipients:,}" in out
    assert "Below the threshold of 45,000,000" in out
    assert "] 2026-03: " in err
    assert load_publications(data).publications[0] == record


def test_compute_without_out_prints_the_json_and_puts_the_summary_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events_path = sample(tmp_path, FIRST_HALF, "events.csv")
    capsys.readouterr()

    code = compute(events_path, "2026-06")

    out, err = capsys.readouterr()
    assert code == 0
    assert json.loads(out)["period_end"] == "2026-06-30"
    assert "Average monthly active recipients in the Union" in err


def test_month_without_events_is_warned_about_and_blocks_publishing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events_path = sample(tmp_path, FIRST_HALF[:5])
    result = tmp_path / "result.json"
    data = Path(shutil.copy(PORTAL_FILE, tmp_path / "active-recipients.yml"))
    before = data.read_text(encoding="utf-8")

    computed = compute(events_path, "2026-06", "--out", str(result))
    out, _ = capsys.readouterr()
    published = publish(result, data)
    _, err = capsys.readouterr()

    assert computed == 0
    assert "WARNING: no recipients counted in 2026-06" in out
    assert json.loads(result.read_text(encoding="utf-8"))["missing_months"] == ["2026-06"]
    assert published == 1
    assert "no recipients were counted in 2026-06" in err
    assert data.read_text(encoding="utf-8") == before


def test_period_that_has_not_ended_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    next_year = date.today().year + 1

    code = compute(tmp_path / "x.parquet", f"{next_year}-01")

    assert code == 1
    assert f"{next_year}-01 has not ended yet" in capsys.readouterr().err


def test_events_that_cannot_be_read_are_explained_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = compute(tmp_path / "none-*.parquet", "2026-06")

    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: the duckdb engine could not count: IO Error: No files found")
    assert "Traceback" not in err


def test_athena_without_its_environment_names_the_missing_variables(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("ATHENA_WORKGROUP", "ATHENA_DATABASE", "EVENTS_TABLE"):
        monkeypatch.delenv(name, raising=False)

    code = main(["recipients", "compute", "--engine", "athena", "--period-end", "2026-06"])

    assert code == 2
    assert "ATHENA_WORKGROUP, ATHENA_DATABASE, EVENTS_TABLE" in capsys.readouterr().err


def test_publishing_a_file_that_is_not_a_record_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = tmp_path / "result.json"
    result.write_text('{"average_monthly_active_recipients": 12}', encoding="utf-8")

    code = publish(result, PORTAL_FILE)

    assert code == 1
    assert "is not a record written by `portal recipients compute`" in capsys.readouterr().err


def test_check_counts_the_valid_publications(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["recipients", "check", "--data", str(PORTAL_FILE)])

    assert code == 0
    assert f"{PORTAL_FILE}: 2 valid publications" in capsys.readouterr().err


def test_schema_is_the_json_schema_of_the_record(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recipients", "schema"]) == 0

    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "RecipientsRecord"
    assert "average_monthly_active_recipients" in schema["properties"]


def test_sample_months_default_to_the_last_six_full_months(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "events.csv"

    assert main(["recipients", "sample", "--out", str(path), "--rows", "60"]) == 0

    lines = path.read_text(encoding="utf-8").splitlines()
    this_month = date.today().replace(day=1)
    assert lines[1].split(",")[1].startswith(format_month(add_months(this_month, -6)))
    assert lines[-1].split(",")[1].startswith(format_month(add_months(this_month, -1)))
