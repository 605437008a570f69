"""
A transparency report draft asked for in the staff API, as `make serve` makes it: moto's
ExportTableToPointInTime writes the export, the finishing job counts it with DuckDB, keeps
the files beside the draft, lists them with short-lived links and e-mails legal staff.
"""

import time
import uuid
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlparse

from portal.api.notices import EXAMPLE as NOTICE_EXAMPLE
from portal.workers import report_drafts
from tests.integration.harness import LocalPortal

PATH = "/api/v1/staff/report-drafts"


def finish_when_exported(seconds: float = 20.0) -> None:
    """The finishing job's schedule, until moto's export thread has written the export."""
    deadline = time.monotonic() + seconds
    while not report_drafts.finish(datetime.now(UTC)) and time.monotonic() < deadline:
        time.sleep(0.2)


def test_legal_staff_get_a_draft_of_any_period_with_links_and_an_e_mail(
    module_portal: LocalPortal,
) -> None:
    portal = module_portal
    status, receipt = portal.post(
        "/api/v1/notices", {**NOTICE_EXAMPLE, "submission_id": str(uuid.uuid4())}
    )
    assert status == 201, receipt
    today = datetime.now(UTC).date()
    period = {"from": f"{today.year}-01-01", "to": today.isoformat()}

    status, asked = portal.staff("POST", PATH, period)
    assert status == 202, asked
    assert asked["status"] == "exporting"
    finish_when_exported()
    portal.deliver()
    status, listed = portal.staff("GET", PATH)

    assert status == 200, listed
    [draft] = listed["drafts"]
    assert (draft["id"], draft["status"], draft["from"]) == (asked["id"], "ready", period["from"])
    names = {file["name"] for file in draft["files"]}
    assert {"4_notices.csv", "transparency-report.xlsx"} <= names
    link = urlparse(draft["files"][0]["url"])
    assert parse_qs(link.query)["X-Amz-Expires"] == ["300"]
    assert link.path.endswith(f"drafts/{draft['id']}/{draft['files'][0]['name']}")
    [mail] = [m for m in portal.mails() if "Transparency report draft" in m["subject"]]
    assert "is ready" in mail["subject"]
    assert "4_notices.csv" in str(mail["body"])


def test_bad_periods_and_product_safety_staff_are_refused_clearly(
    module_portal: LocalPortal,
) -> None:
    portal = module_portal
    reversed_period = {"from": "2026-06-01", "to": "2026-05-01"}

    status, refused = portal.staff("POST", PATH, reversed_period)
    product_safety = portal.staff("GET", PATH, groups="[product_safety]")

    assert status == 422
    error = refused["error"]
    assert error["code"] == "validation_failed"
    assert [(f["field"], f["code"]) for f in error["fields"]] == [("to", "period_reversed")]
    assert "ends before it starts" in error["fields"][0]["message"]
    assert product_safety[0] == 403
    assert product_safety[1]["error"]["code"] == "report_legal_only"
