import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml

from portal.adapters.publications_file import add_publication, load_publications
from portal.domain.errors import DuplicatePeriodError, InvalidPublicationsError
from portal.domain.months import period_months
from portal.domain.publications import ThresholdStatement
from portal.domain.recipients import RecipientCount, RecipientsRecord, build_record
from portal.site.facts import load_data_files

PORTAL_FILE = Path(__file__).parents[2] / "docs" / "active-recipients.yml"


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    return Path(shutil.copy(PORTAL_FILE, tmp_path / "active-recipients.yml"))


def record_ending(period_end: date) -> RecipientsRecord:
    months = period_months(period_end)
    counts = [
        RecipientCount(month, state, figure)
        for index, month in enumerate(months)
        for state, figure in ((None, 1_000 + index), ("FR", 700 + index), ("GR", 301))
    ]
    computed_at = datetime(2026, 11, 3, 6, 30, tzinfo=UTC)
    return build_record(months, counts, computed_at=computed_at, engine="athena", source="t")


def test_the_portals_publications_file_is_valid() -> None:
    publications = load_publications(PORTAL_FILE)

    assert publications.publications
    assert all(isinstance(p, ThresholdStatement) for p in publications.publications[-2:])


def test_publishing_puts_the_record_on_top_and_keeps_comments_and_history(
    data_file: Path,
) -> None:
    before = data_file.read_text(encoding="utf-8")
    head, _, history = before.partition("publications:\n")
    record = record_ending(date(2026, 6, 1))

    add_publication(data_file, record)

    after = data_file.read_text(encoding="utf-8")
    assert after.startswith(head + "publications:\n  - period_start: 2026-01-01\n")
    assert after.endswith(history)
    published = load_publications(data_file).publications
    assert published[0] == record
    assert [p.period_end for p in published[1:]] == [date(2025, 12, 31), date(2023, 12, 31)]


def test_published_record_reads_back_as_site_data_with_its_figures(data_file: Path) -> None:
    add_publication(data_file, record_ending(date(2026, 6, 1)))

    latest = load_data_files(data_file.parent)["active_recipients"]["publications"][0]

    assert latest["average_monthly_active_recipients"] == 1_003
    assert latest["months"][0]["member_states"]["GR"] == 301
    assert latest["period_end"] == date(2026, 6, 30)


def test_publishing_the_same_period_twice_is_refused_and_leaves_the_file_alone(
    data_file: Path,
) -> None:
    add_publication(data_file, record_ending(date(2026, 6, 1)))
    before = data_file.read_text(encoding="utf-8")

    with pytest.raises(DuplicatePeriodError):
        add_publication(data_file, record_ending(date(2026, 6, 1)))

    assert data_file.read_text(encoding="utf-8") == before


def test_invalid_entry_is_reported_with_its_place_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "active-recipients.yml"
    entries = [{"period_start": "2025-06-30", "period_end": "2025-12-31", "statement": "low"}]
    path.write_text(yaml.safe_dump({"publications": entries}), encoding="utf-8")

    with pytest.raises(InvalidPublicationsError) as raised:
        load_publications(path)

    assert "publications.0.statement" in str(raised.value.params["detail"])


def test_tampered_figure_in_a_published_record_is_reported(data_file: Path) -> None:
    add_publication(data_file, record_ending(date(2026, 6, 1)))
    text = data_file.read_text(encoding="utf-8")
    tampered = text.replace("recipients: 1003", "recipients: 1030")
    data_file.write_text(tampered, encoding="utf-8")

    with pytest.raises(InvalidPublicationsError) as raised:
        load_publications(data_file)

    assert "average" in str(raised.value.params["detail"])
