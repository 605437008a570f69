"""
The staff console in Chromium, against canned answers: Cognito's JSON API at /_auth/, the
console's /staff/config.json and the staff API are routed with page.route(), so these tests
need neither AWS nor a running API (an end-to-end test against the real API lives with it).
The pages are the build's own (write_staff_console), served with the production headers;
what the forms post is checked against the domain's own input models.
"""

import base64
import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, Request, Route, expect
from werkzeug.serving import make_server

from portal.domain.decisions import AppealDecisionInput, AuthorityOrderInput, ReviewDecisionInput
from portal.local.static import StaticSite
from portal.local.template_values import security_headers
from portal.site.config import load_site_config
from portal.site.staff_console import write_staff_console
from portal.template import load_template
from tests.conftest import CONFIG_FILE

WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],  # axe lists no passing node: a quarter faster
}
CLIENT_ID = "console-client-7f3a"
REFERENCE = "NT-7KQ4-M2XD"


def id_token(email: str = "legal.one@example.com", groups: str = "[legal]") -> str:
    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    claims = {"email": email, "cognito:groups": groups, "exp": int(time.time()) + 3600}
    return f"{part({'alg': 'RS256'})}.{part(claims)}.signature"


TOKEN = id_token()

CASE_ROW = {
    "reference": REFERENCE,
    "kind": "notice",
    "status": "received",
    "received_at": "2026-11-30T09:15:00Z",
    "language": "fr",
    "routing": "legal",
    "translation_needed": False,
    "decided_at": None,
}


def case_body(decision: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "case": {
            **CASE_ROW,
            "details": {
                "grounds": {"basis": "review_rules", "criteria": ["personal_data"]},
                "explanation": "Names a delivery person.",
                "reviews": [
                    {"url": "https://www.backmarket.fr/fr-fr/r/review-1"},
                    {"review_id": "R-88"},
                ],
            },
            "attachments": [{"index": 0, "upload_id": "up-1"}],
            "decision": decision,
            "timings": {
                "received_at": "2026-11-30T09:15:00Z",
                "acknowledged_at": "2026-11-30T09:15:04Z",
                "decided_at": None,
                "informed_at": None,
            },
        },
        "mails": [
            {
                "template": "notice_received",
                "to": "notifier.k7q2@example.com",
                "language": "fr",
                "state": "sent",
                "sent_at": "2026-11-30T09:15:04Z",
            }
        ],
        "statements": [
            {
                "puid": "NT-3J8P-C5RT-1",
                "state": "rejected",
                "submitted_at": None,
                "database_message": "The application date must be after the content date.",
            }
        ],
        "history": [
            {
                "at": "2026-12-01T08:00:00Z",
                "actor": "legal.one@example.com",
                "action": "viewed",
                "detail": None,
            }
        ],
    }


FILE_URL = "https://drafts.example/4_notices.csv?X-Amz-Expires=300"
DRAFT: dict[str, Any] = {
    "id": "2026-01-01_2026-12-31_20270102T050000Z",
    "from": "2026-01-01",
    "to": "2026-12-31",
    "status": "ready",
    "requested_at": "2027-01-02T05:00:00+00:00",
    "finished_at": "2027-01-02T05:20:00+00:00",
    "failure": None,
    "files": [
        {"name": "4_notices.csv", "url": "https://drafts.example/4_notices.csv?X-Amz-Expires=300"}
    ],
}


class StaffApi:
    """Canned answers of the staff API, recording every request the console makes."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.case = case_body()
        self.decision_answers: list[tuple[int, dict[str, Any]]] = []
        self.draft_answers: list[tuple[int, dict[str, Any]]] = []

    def __call__(self, route: Route, request: Request) -> None:
        self.requests.append(request)
        path = request.url.split("/api/v1/staff", 1)[1]
        if path == "/report-drafts" and request.method == "POST":
            status, answer = self.draft_answers.pop(0)
            route.fulfill(status=status, json=answer)
        elif path == "/report-drafts":
            route.fulfill(json={"drafts": [DRAFT], "links_expire_at": "2027-01-02T06:05:00Z"})
        elif path.startswith("/cases?"):
            page_two = "cursor=page-2" in path
            rows = [{**CASE_ROW, "reference": "NT-WHA1-VGFW"}] if page_two else [CASE_ROW]
            body: dict[str, Any] = {"cases": rows, "next_cursor": None if page_two else "page-2"}
            route.fulfill(json=body)
        elif path.endswith("/attachments/0"):
            url = "https://attachments.example/up-1?X-Amz-Signature=abc"
            route.fulfill(json={"url": url, "expires_at": "2026-12-01T10:05:00Z"})
        elif path.endswith(("/decisions", "/restoration")):
            status, answer = self.decision_answers.pop(0)
            route.fulfill(status=status, json=answer)
        else:
            route.fulfill(json=self.case)

    def urls(self, part: str) -> list[str]:
        return [request.url for request in self.requests if part in request.url]

    def posted(self) -> list[Any]:
        return [json.loads(r.post_data or "null") for r in self.requests if r.method == "POST"]


class Cognito:
    """Cognito's JSON API: a password step, then a TOTP step, then the tokens."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, route: Route, request: Request) -> None:
        target = request.headers["x-amz-target"].rsplit(".", 1)[1]
        body = json.loads(request.post_data or "{}")
        self.calls.append((target, body))
        if target == "InitiateAuth":
            route.fulfill(
                json={
                    "ChallengeName": "SOFTWARE_TOKEN_MFA",
                    "Session": "session-1",
                    "ChallengeParameters": {},
                }
            )
        elif body["ChallengeResponses"]["SOFTWARE_TOKEN_MFA_CODE"] != "123456":
            route.fulfill(status=400, json={"__type": "CodeMismatchException", "message": "x"})
        else:
            route.fulfill(json={"AuthenticationResult": {"IdToken": TOKEN, "AccessToken": "a"}})


class FirstSignIn(Cognito):
    """A new account: a new password to choose, then an authenticator app to add."""

    ANSWERS: ClassVar[dict[str, dict[str, Any]]] = {
        "InitiateAuth": {"ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "s1"},
        "NEW_PASSWORD_REQUIRED": {"ChallengeName": "MFA_SETUP", "Session": "s2"},
        "AssociateSoftwareToken": {"SecretCode": "JBSWY3DPEHPK3PXP", "Session": "s3"},
        "VerifySoftwareToken": {"Status": "SUCCESS", "Session": "s4"},
        "MFA_SETUP": {"AuthenticationResult": {"IdToken": TOKEN}},
    }

    def __call__(self, route: Route, request: Request) -> None:
        target = request.headers["x-amz-target"].rsplit(".", 1)[1]
        body = json.loads(request.post_data or "{}")
        self.calls.append((target, body))
        route.fulfill(json=self.ANSWERS[body.get("ChallengeName", target)])


@pytest.fixture(scope="session")
def console_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out: Path = tmp_path_factory.mktemp("console-site")
    write_staff_console(load_site_config(CONFIG_FILE), out)
    headers = security_headers(load_template(), uploads_origin="http://127.0.0.1", https=False)
    server = make_server("127.0.0.1", 0, StaticSite(out, ["en", "fr"], headers), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(autouse=True)
def no_script_errors(page: Page) -> Iterator[None]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield
    assert errors == []


@pytest.fixture
def staff_api(page: Page) -> StaffApi:
    api = StaffApi()
    page.route("**/api/v1/staff/**", api)
    page.route("**/staff/config.json", lambda route: route.fulfill(json={"client_id": CLIENT_ID}))
    return api


@pytest.fixture
def cognito(page: Page) -> Cognito:
    fake = Cognito()
    page.route("**/_auth/**", fake)
    return fake


@pytest.fixture
def signed_in(page: Page) -> None:
    page.add_init_script(f"sessionStorage.setItem('portal.staff.idToken', '{TOKEN}')")


def no_violations(page: Page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [
        f"{v['id']}: {[node['target'] for node in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def sign_in(page: Page, code: str = "123456") -> None:
    page.get_by_label("Username").fill("legal.one")
    page.get_by_label("Password").fill("correct horse")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Continue").click()


def test_sign_in_asks_for_the_totp_code_then_signs_out(
    page: Page, console_url: str, cognito: Cognito, staff_api: StaffApi
) -> None:
    page.goto(f"{console_url}/staff/")

    sign_in(page, code="000000")
    expect(page.get_by_role("alert")).to_contain_text("The code is wrong or has expired")
    page.get_by_label("Code").fill("123456")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")
    expect(page.get_by_text("Signed in as legal.one@example.com")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('portal.staff.idToken')") == TOKEN
    assert [target for target, _ in cognito.calls] == [
        "InitiateAuth",
        "RespondToAuthChallenge",
        "RespondToAuthChallenge",
    ]
    assert cognito.calls[0][1] == {
        "AuthFlow": "USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": "legal.one", "PASSWORD": "correct horse"},
        "ClientId": CLIENT_ID,
    }
    assert cognito.calls[2][1]["Session"] == "session-1"
    assert staff_api.requests[0].headers["authorization"] == f"Bearer {TOKEN}"

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_role("status")).to_have_text("You are signed out.")
    assert page.evaluate("sessionStorage.getItem('portal.staff.idToken')") is None


def test_a_new_account_chooses_its_password_and_adds_its_authenticator_app(
    page: Page, console_url: str, staff_api: StaffApi
) -> None:
    cognito = FirstSignIn()
    page.route("**/_auth/**", cognito)
    page.goto(f"{console_url}/staff/")

    page.get_by_label("Username").fill("new.staff@example.com")
    page.get_by_label("Password").fill("Temporary-1")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("New password").fill("A-much-longer-password-7")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("JBSW Y3DP EHPK 3PXP")).to_be_visible()
    page.get_by_label("Code").fill("654321")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")
    assert [(target, body.get("ChallengeName")) for target, body in cognito.calls] == [
        ("InitiateAuth", None),
        ("RespondToAuthChallenge", "NEW_PASSWORD_REQUIRED"),
        ("AssociateSoftwareToken", None),
        ("VerifySoftwareToken", None),
        ("RespondToAuthChallenge", "MFA_SETUP"),
    ]
    assert cognito.calls[1][1]["ChallengeResponses"] == {
        "USERNAME": "new.staff@example.com",
        "NEW_PASSWORD": "A-much-longer-password-7",
    }
    assert cognito.calls[2][1] == {"Session": "s2"}
    assert cognito.calls[3][1] == {
        "Session": "s3",
        "UserCode": "654321",
        "FriendlyDeviceName": "Staff console",
    }
    assert cognito.calls[4][1]["Session"] == "s4"


@pytest.mark.usefixtures("signed_in")
def test_the_case_list_filters_and_pages(page: Page, console_url: str, staff_api: StaffApi) -> None:
    page.goto(f"{console_url}/staff/#/cases")
    expect(page.get_by_role("link", name=REFERENCE)).to_be_visible()

    page.get_by_label("Kind").select_option("appeal")
    page.get_by_label("Status").select_option("decided")
    page.get_by_label("Received from").fill("2026-11-01")
    page.get_by_label("Received until").fill("2026-11-30")
    page.get_by_role("button", name="Apply the filters").click()
    # The filtered list, not the one it replaces (both have a next page).
    next_page = page.get_by_role("link", name="Next page")
    expect(next_page).to_have_attribute("href", re.compile("received_to=2026-11-30"))
    next_page.click()

    expect(page.get_by_role("link", name="NT-WHA1-VGFW")).to_be_visible()
    expect(page.get_by_role("link", name="Next page")).to_have_count(0)
    page.get_by_label("Reference of a case").fill("nt 3j8p c5rt")
    page.get_by_role("button", name="Open the case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {REFERENCE}")
    assert len(staff_api.urls("/cases/NT-3J8P-C5RT")) == 1
    urls = staff_api.urls("/cases?")
    assert "kind=notice&status=received&limit=25" in urls[0]
    assert "kind=appeal&status=decided" in urls[1]
    assert "received_from=2026-11-01&received_to=2026-11-30" in urls[1]
    assert "received_from=2026-11-01&received_to=2026-11-30&cursor=page-2" in urls[2]
    assert staff_api.requests[0].headers["accept-language"] == "en"


@pytest.mark.usefixtures("signed_in")
def test_a_case_shows_its_trail_and_gets_an_attachment_link_on_request(
    page: Page, console_url: str, staff_api: StaffApi
) -> None:
    page.goto(f"{console_url}/staff/#/case/{REFERENCE}")

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {REFERENCE}")
    assert staff_api.urls("/attachments/") == []
    page.get_by_role("button", name="Get a download link for attachment 1").click()

    link = page.get_by_role("link", name="Download attachment 1")
    expect(link).to_have_attribute("href", "https://attachments.example/up-1?X-Amz-Signature=abc")
    expect(link).to_be_focused()
    assert len(staff_api.urls(f"/cases/{REFERENCE}/attachments/0")) == 1
    mails = page.get_by_role("region", name="E-mails sent")
    expect(mails).to_contain_text("notifier.k7q2@example.com")
    statements = page.get_by_role("region", name="Statements of reasons")
    expect(statements).to_contain_text("Rejected by the database")
    expect(statements).to_contain_text("The application date must be after the content date.")
    expect(mails).to_contain_text("Acknowledgement of the notice")
    expect(page.get_by_role("region", name="History")).to_contain_text("Viewed the case")


@pytest.mark.usefixtures("signed_in")
def test_a_notice_decision_shows_field_errors_then_a_conflict_then_is_recorded(
    page: Page, console_url: str, staff_api: StaffApi
) -> None:
    field_errors = [
        {"field": "reviews.0.published_on", "code": "required", "message": "Enter the date."},
        {"field": "reviews.1.facts", "code": "too_short", "message": "Write at least 20."},
        {"field": "reviews.0.territorial_scope", "code": "too_few_items", "message": "One."},
    ]
    staff_api.decision_answers = [
        (422, {"error": {"code": "validation_failed", "message": "x", "fields": field_errors}}),
        (409, {"error": {"code": "already_decided", "message": "x", "fields": []}}),
        (201, case_body(decision={"kind": "notice", "reviews": []})),
    ]
    page.goto(f"{console_url}/staff/#/case/{REFERENCE}")
    first = page.get_by_role("group", name="Review 1: https://www.backmarket.fr/fr-fr/r/review-1")
    first.get_by_label("Remove").check()
    first.get_by_label("Personal data or confidential information").check()
    first.get_by_label("Explanation of the ground").fill("Discloses a third person's identity.")
    first.get_by_label("Facts and circumstances").fill("Reported under the review rules.")
    second = page.get_by_role("group", name="Review 2: R-88")
    second.get_by_label("No action").check()
    second.get_by_label("Facts and circumstances").fill("Short.")

    page.get_by_role("button", name="Record the decision").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Review 1, Date the review was published: Enter the date.",
            "Review 2, Facts and circumstances: Write at least 20.",
            "Review 1, Territorial scope: One.",
        ]
    )
    summary.get_by_role("link", name="Territorial scope: One.").click()
    expect(first.get_by_label("Austria")).to_be_focused()
    summary.get_by_role("link", name="Facts and circumstances: Write at least 20.").click()
    expect(second.get_by_label("Facts and circumstances")).to_be_focused()
    expect(second.get_by_label("Facts and circumstances")).to_have_accessible_description(
        "Write at least 20. Published in the Transparency Database: no names, e-mail "
        "addresses, order numbers or quotes of the review."
    )
    sent = staff_api.posted()[0]
    assert sent["reviews"][0]["ground"] == {
        "basis": "review_rules",
        "criteria": ["personal_data"],
        "explanation": "Discloses a third person's identity.",
    }
    assert len(sent["reviews"][0]["territorial_scope"]) == 27
    assert ReviewDecisionInput.model_validate(sent["reviews"][0]).outcome == "remove"
    assert sent["reviews"][1] == {
        "review": 2,
        "outcome": "no_action",
        "facts": "Short.",
        "automated_detection": False,
        "automated_decision": "not_automated",
        "territorial_scope": sent["reviews"][0]["territorial_scope"],
        "has_photos": False,
    }

    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("alert")).to_contain_text("This case is already decided")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("status")).to_have_text("The decision is recorded.")
    expect(page.get_by_role("region", name="Record a decision")).to_have_count(0)


@pytest.mark.usefixtures("signed_in")
def test_the_french_console_speaks_french_keeps_the_view_and_is_remembered(
    page: Page, console_url: str, staff_api: StaffApi
) -> None:
    page.goto(f"{console_url}/staff/fr/#/cases?kind=appeal")

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossiers")
    expect(page.get_by_label("Type")).to_have_value("appeal")
    assert staff_api.requests[0].headers["accept-language"] == "fr"
    assert no_violations(page) == []
    page.get_by_role("link", name="English").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")
    assert page.url.endswith("/staff/#/cases?kind=appeal")
    page.get_by_role("link", name="Français").click()
    page.goto(f"{console_url}/staff/#/cases")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossiers")
    assert page.url.endswith("/staff/fr/#/cases")


def tab_to(page: Page, target: Locator, limit: int = 20) -> None:
    """Press Tab until `target` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("node => node === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {target}")


def test_keyboard_only_sign_in_list_and_case(
    page: Page, console_url: str, cognito: Cognito, staff_api: StaffApi
) -> None:
    page.goto(f"{console_url}/staff/")
    keyboard = page.keyboard

    keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    tab_to(page, page.get_by_label("Username"))
    keyboard.type("legal.one")
    keyboard.press("Tab")
    keyboard.type("correct horse")
    keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    tab_to(page, page.get_by_label("Code"))
    keyboard.type("123456")
    keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    case_link = page.get_by_role("link", name=REFERENCE)
    tab_to(page, case_link)
    outline = case_link.evaluate("link => getComputedStyle(link).outlineStyle")
    keyboard.press("Enter")

    assert outline == "solid"
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {REFERENCE}")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    tab_to(page, page.get_by_role("button", name="Get a download link for attachment 1"))
    keyboard.press("Enter")
    expect(page.get_by_role("link", name="Download attachment 1")).to_be_focused()


def test_no_wcag_a_or_aa_violation_on_each_screen(
    page: Page, console_url: str, cognito: Cognito, staff_api: StaffApi
) -> None:
    staff_api.decision_answers = [
        (422, {"error": {"code": "validation_failed", "message": "x", "fields": [
            {"field": "reviews.0.outcome", "code": "required", "message": "Choose one."},
            {"field": "reviews.0.facts", "code": "required", "message": "Enter the facts."},
        ]}}),
    ]  # fmt: skip
    page.goto(f"{console_url}/staff/")
    found: dict[str, list[str]] = {"sign in": no_violations(page)}
    sign_in(page)
    expect(page.get_by_role("link", name=REFERENCE)).to_be_visible()
    found["list"] = no_violations(page)
    page.get_by_role("link", name=REFERENCE).click()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("alert")).to_be_visible()
    found["case with errors"] = no_violations(page)

    assert found == {"sign in": [], "list": [], "case with errors": []}


def other_case(
    reference: str, kind: str, decision: dict[str, Any] | None = None, **details: Any
) -> dict[str, Any]:
    body = case_body(decision)
    body["case"] |= {"reference": reference, "kind": kind, "details": details, "attachments": []}
    return body


@pytest.mark.usefixtures("signed_in")
def test_appeal_restoration_and_authority_forms_send_what_staff_recorded(
    page: Page, console_url: str, staff_api: StaffApi
) -> None:
    reversal = {"appeal_reference": "AP-B4C5-9R2T", "restored_at": None}
    staff_api.case = other_case("AP-B4C5-9R2T", "appeal", contested_case=REFERENCE)
    staff_api.decision_answers = [
        (
            201,
            other_case("AP-B4C5-9R2T", "appeal", {"reversal": reversal}, contested_case=REFERENCE),
        ),
        (200, case_body(decision={"reversal": {**reversal, "restored_at": "2026-12-01T09:30Z"}})),
        (201, other_case("AU-D6E7-3N8P", "authority_message", {"effect": "x"})),
    ]
    reasons = "The review only describes the battery on delivery, which the rules allow."

    page.goto(f"{console_url}/staff/#/case/AP-B4C5-9R2T")
    expect(page.get_by_role("link", name=REFERENCE)).to_have_attribute(
        "href", f"#/case/{REFERENCE}"
    )
    page.get_by_label("Upheld: the contested decision is reversed").check()
    page.get_by_label("Reasons", exact=True).fill(reasons)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("status")).to_have_text("The decision is recorded.")
    expect(page.get_by_role("region", name="Record the restoration")).to_have_count(0)
    staff_api.case = case_body(decision={"kind": "notice", "reversal": reversal})
    page.get_by_role("link", name=REFERENCE).click()
    page.get_by_label("Shown again on the marketplace at").fill("2026-12-01T10:30")
    page.get_by_role("button", name="Record the restoration").click()
    expect(page.get_by_role("status")).to_have_text("The restoration is recorded.")
    staff_api.case = other_case("AU-D6E7-3N8P", "authority_message")
    page.goto(f"{console_url}/staff/#/case/AU-D6E7-3N8P")
    page.get_by_label("Effect given to the order").fill("The offers were withdrawn.")
    page.get_by_label("The user concerned was informed").check()
    page.get_by_role("button", name="Record the decision").click()

    expect(page.get_by_role("status")).to_have_text("The decision is recorded.")
    appeal, restoration, authority = staff_api.posted()
    assert appeal == {"outcome": "upheld", "reasons": reasons}
    assert AppealDecisionInput.model_validate(appeal).outcome == "upheld"
    assert AuthorityOrderInput.model_validate(authority).user_informed
    assert restoration["restored_at"].startswith("2026-12-01T")
    assert restoration["restored_at"].endswith("Z")
    assert authority == {"user_informed": True, "effect": "The offers were withdrawn."}
    assert staff_api.urls("/restoration") == [
        f"{console_url}/api/v1/staff/cases/{REFERENCE}/restoration"
    ]


class RenewingCognito(Cognito):
    """Signs in with a refresh token, then renews the ID token with it."""

    def __init__(self) -> None:
        super().__init__()
        self.renewed = id_token(email="legal.renewed@example.com")

    def __call__(self, route: Route, request: Request) -> None:
        body = json.loads(request.post_data or "{}")
        if body.get("AuthFlow") == "REFRESH_TOKEN_AUTH":
            self.calls.append(("Refresh", body))
            route.fulfill(json={"AuthenticationResult": {"IdToken": self.renewed}})
        elif body.get("ChallengeName") == "SOFTWARE_TOKEN_MFA":
            self.calls.append(("RespondToAuthChallenge", body))
            result = {"IdToken": TOKEN, "AccessToken": "a", "RefreshToken": "refresh-1"}
            route.fulfill(json={"AuthenticationResult": result})
        else:
            super().__call__(route, request)


def test_an_expired_id_token_is_renewed_with_the_refresh_token_without_signing_in_again(
    page: Page, console_url: str, staff_api: StaffApi
) -> None:
    cognito = RenewingCognito()
    page.route("**/_auth/**", cognito)
    page.goto(f"{console_url}/staff/")
    sign_in(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")
    # The ID token runs out (15 minutes in AWS): the API answers 401 once.
    answers = [401]
    page.unroute("**/api/v1/staff/**")

    def expiring(route: Route, request: Request) -> None:
        if answers:
            answers.pop()
            route.fulfill(status=401, json={"error": {"code": "staff_unauthenticated"}})
        else:
            staff_api(route, request)

    page.route("**/api/v1/staff/**", expiring)

    page.get_by_role("link", name=REFERENCE).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {REFERENCE}")
    [(_, refresh)] = [call for call in cognito.calls if call[0] == "Refresh"]
    assert refresh["AuthParameters"] == {"REFRESH_TOKEN": "refresh-1"}
    assert staff_api.requests[-1].headers["authorization"] == f"Bearer {cognito.renewed}"
    # The refresh token is kept in the page's memory only.
    stored = page.evaluate("JSON.stringify(Object.assign({}, sessionStorage, localStorage))")
    assert "refresh-1" not in stored


@pytest.mark.usefixtures("signed_in")
def test_report_drafts_list_their_files_and_a_bad_period_is_shown_on_its_field(
    page: Page, console_url: str, staff_api: StaffApi
) -> None:
    refused = {
        "error": {
            "code": "validation_failed",
            "message": "Check the fields.",
            "fields": [{"field": "to", "code": "period_reversed", "message": "The period ends before it starts: check both days."}],
        }
    }  # fmt: skip
    staff_api.draft_answers = [(422, refused), (202, DRAFT)]
    page.goto(f"{console_url}/staff/#/cases")
    page.get_by_role("link", name="Transparency report drafts").click()

    expect(page.get_by_role("link", name="4_notices.csv")).to_have_attribute("href", FILE_URL)
    page.get_by_label("First day").fill("2026-06-01")
    page.get_by_label("Last day").fill("2026-05-01")
    page.get_by_role("button", name="Ask for a draft").click()
    expect(page.get_by_role("alert")).to_contain_text("ends before it starts")
    expect(page.get_by_label("Last day")).to_have_attribute("aria-invalid", "true")
    violations = no_violations(page)
    page.get_by_label("Last day").fill("2026-06-30")
    page.get_by_role("button", name="Ask for a draft").click()

    expect(page.get_by_role("status")).to_contain_text("you will get an e-mail")
    assert violations == []
    assert staff_api.posted() == [
        {"from": "2026-06-01", "to": "2026-05-01"},
        {"from": "2026-06-01", "to": "2026-06-30"},
    ]
