"""
One edited copy of the site, built once per run in every language (tests/conftest.py,
`edited_site`) for the tests that read what an edit of docs/ does: a build of every
language costs about 12 s of CPU. The edits reach different pages, so that each test reads
its own:

- a publication of active recipients for the first half of 2026 (test_site_recipients);
- the French report page deleted, and the English ranking page's effective date moved
  after its translations' (test_translation_notices);
- the footer's legal notice and privacy policy pointed at other sites (test_site_look).
"""

import re
from datetime import UTC, date, datetime
from pathlib import Path

from portal.adapters.publications_file import add_publication
from portal.domain.months import period_months
from portal.domain.recipients import RecipientCount, RecipientsRecord, build_record

UNION = [1_200_000, 1_250_000, 1_234_567, 1_300_000, 1_310_001, 1_290_000]
MISSING_PAGE = "reviews/report.md"  # deleted in French
CHANGED_PAGE = "platform/ranking.md"  # its English effective date moved to CHANGED_DATE
CHANGED_DATE = "2027-03-01"
LEGAL_NOTICE = "https://example.org/legal"
PRIVACY_POLICY = "https://example.org/privacy"


def first_half_2026() -> RecipientsRecord:
    months = period_months(date(2026, 6, 30))
    counts = []
    for month, union in zip(months, UNION, strict=True):
        counts.append(RecipientCount(month, None, union))
        counts.append(RecipientCount(month, "FR", union // 2))
        counts.append(RecipientCount(month, "DE", union - union // 2))
    computed_at = datetime(2026, 7, 2, 6, 0, tzinfo=UTC)
    return build_record(months, counts, computed_at=computed_at, engine="duckdb", source="test")


def edit_project(project: Path) -> None:
    """Make the edits above in a copy of the project (tests.sitetools.copy_project)."""
    add_publication(project / "docs/active-recipients.yml", first_half_2026())
    (project / "docs/fr" / MISSING_PAGE).unlink()
    changed = project / "docs/en" / CHANGED_PAGE
    changed.write_text(
        re.sub(
            r"effective_date: .*", f"effective_date: {CHANGED_DATE}", changed.read_text("utf-8")
        ),
        encoding="utf-8",
    )
    facts = project / "docs" / "facts.yml"
    text = facts.read_text("utf-8")
    assert "  legal_notice: legal/notice/\n" in text
    facts.write_text(
        text.replace(
            "  legal_notice: legal/notice/\n",
            f"  legal_notice: {LEGAL_NOTICE}\n  privacy_policy: {PRIVACY_POLICY}\n",
        ),
        "utf-8",
    )
