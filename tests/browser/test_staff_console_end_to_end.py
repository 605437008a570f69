"""
The staff console against the real portal (`portal serve`: the embedded Cognito, the staff
API, the outbox and the Transparency Database's stand-in), as a member of legal staff uses
it: sign in with the password and the authenticator's code, find the notice a person just
sent, get the API's field errors, record the decision, and see the e-mails and the
statement of reasons it triggered.
"""

import json
import time
import urllib.request
import uuid
from typing import Any

import altcha
from playwright.sync_api import Page, expect

from portal.api.notices import EXAMPLE
from portal.local.staff_users import DEV_TOTP_SECRET, totp_code


def post_notice(portal_url: str) -> str:
    """A notice as a person's browser sends it: with a solved proof of work."""
    with urllib.request.urlopen(f"{portal_url}/api/v1/challenge") as answer:
        issued = altcha.Challenge.from_dict(json.load(answer))
    solution = altcha.solve_challenge(issued)
    assert solution is not None
    body: dict[str, Any] = {
        **EXAMPLE,
        "submission_id": str(uuid.uuid4()),
        "challenge": altcha.Payload(issued, solution).to_base64(),
    }
    request = urllib.request.Request(
        f"{portal_url}/api/v1/notices",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request) as answer:
        return str(json.load(answer)["reference"])


def stored_statements(portal_url: str, reference: str, timeout: float = 30) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{portal_url}/_dev/transparency-db/statements") as answer:
            puids = [str(s["puid"]) for s in json.load(answer) if reference in s["puid"]]
        if puids:
            return puids
        time.sleep(0.5)
    return []


def test_legal_staff_sign_in_and_decide_a_notice_end_to_end(page: Page, portal_url: str) -> None:
    reference = post_notice(portal_url)
    elsewhere: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(portal_url) else elsewhere.append(r.url))

    page.goto(f"{portal_url}/staff/")
    page.get_by_label("Username").fill("legal@staff.local")
    page.get_by_label("Password").fill("Staff-dev-password-1")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(totp_code(DEV_TOTP_SECRET))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases", timeout=15000)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {reference}")

    # Nothing filled in: the API's field errors, in a summary that names the fields.
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".error-summary")).to_be_visible(timeout=15000)

    first = page.locator("fieldset.review").nth(0)
    first.get_by_label("Remove").check()
    first.get_by_label("Personal data or confidential information").check()
    first.get_by_label("Explanation of the ground").fill(
        "The review discloses the identity and contact details of a third person."
    )
    first.get_by_label("Facts and circumstances").fill(
        "A third party reported the review under the review rules. Staff read it on the marketplace."
    )
    first.get_by_label("Date the review was published").fill("2026-09-14")
    first.get_by_label("Author's e-mail address").fill("buyer.one@example.com")
    second = page.locator("fieldset.review").nth(1)
    second.get_by_label("No action").check()
    second.get_by_label("Facts and circumstances").fill(
        "The review describes the device and the delivery; it names no one."
    )
    page.get_by_role("button", name="Record the decision").click()

    expect(page.get_by_role("status")).to_have_text("The decision is recorded.", timeout=15000)
    mails = page.get_by_role("region", name="E-mails sent")
    expect(mails).to_contain_text("buyer.one@example.com")
    expect(mails).to_contain_text("alex.martin@example.com")
    expect(page.get_by_role("region", name="History")).to_contain_text("legal@staff.local")
    assert stored_statements(portal_url, reference) == [f"{reference}-R01"]
    assert elsewhere == []  # no request leaves the portal's origin
