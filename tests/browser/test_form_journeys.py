"""
The forms of issue 13 in Chromium, cheaply: the static site with the API answered by the
test (the real API's journeys are in test_forms.py). Each form sent in each language and
its body accepted by the API's own model, the receipt after a reload and in print, our own
file picker in the page's language, slow and refused files, and the error summary.
"""

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect
from pydantic import BaseModel

from portal.api.appeals import AppealRequest
from portal.api.authority_messages import AuthorityMessageRequest
from portal.api.notices import NoticeRequest
from portal.domain.cases import LANGUAGES
from portal.domain.notices import MARKETPLACE_DOMAINS
from portal.error_sentences import error_sentence, field_error_sentence
from portal.i18n import translations
from tests import documents
from tests.browser.matrix import forms_by_language
from tests.browser.test_forms import FORM_PAGES, fill_appeal, fill_authority, fill_notice

REQUESTS: dict[str, type[BaseModel]] = {
    "notice": NoticeRequest,
    "appeal": AppealRequest,
    "authority_message": AuthorityMessageRequest,
}
FILL: dict[str, Callable[[Page], None]] = {
    "notice": fill_notice,
    "appeal": lambda page: fill_appeal(page, "author_by_order"),
    "authority_message": lambda page: fill_authority(page, "digital-services-coordinator"),
}
EMAIL_FIELD = {
    "notice": "#notice-email",
    "appeal": "#appeal-email",
    "authority_message": "#authority_message-official_email",
}


class FakeApi:
    """The portal's API as the page sees it, answered here: bodies kept, states chosen."""

    def __init__(self, page: Page, site_url: str) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.upload_states: dict[int, str] = {}  # by file size: what the check answers
        self.uploads: dict[str, int] = {}
        self.site_url = site_url
        page.route("**/api/v1/challenge", lambda route: route.fulfill(json={"enabled": False}))
        for endpoint in ("notices", "appeals", "authority-messages"):
            page.route(f"**/api/v1/{endpoint}", self.submit)
        page.route("**/api/v1/uploads", self.presign)
        page.route("**/api/v1/uploads/*", self.state)
        page.route("**/_test-uploads", lambda route: route.fulfill(status=204))

    def submit(self, route: Route) -> None:
        self.bodies.append(json.loads(route.request.post_data or "{}"))
        prefix = {"notices": "NT", "appeals": "AP"}.get(route.request.url.rsplit("/", 1)[1], "AU")
        route.fulfill(status=201, json={"reference": f"{prefix}-7KQ4-M2XD", "status": "received"})

    def presign(self, route: Route) -> None:
        upload_id = f"upload-{len(self.uploads)}"
        self.uploads[upload_id] = json.loads(route.request.post_data or "{}")["size"]
        route.fulfill(
            status=201,
            json={"upload_id": upload_id, "url": f"{self.site_url}/_test-uploads", "fields": {}},
        )

    def state(self, route: Route) -> None:
        size = self.uploads[route.request.url.rsplit("/", 1)[1]]
        route.fulfill(json={"state": self.upload_states.get(size, "accepted")})


@pytest.fixture
def api(browser: Browser, site_url: str) -> Iterator[Callable[..., Any]]:
    """Pages in fresh browser contexts, each with its FakeApi; all closed after the test."""
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> tuple[Page, FakeApi]:
        contexts.append(browser.new_context(**options))
        page = contexts[-1].new_page()
        return page, FakeApi(page, site_url)

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize(("form", "lang"), forms_by_language(list(FORM_PAGES)))
def test_each_form_comes_first_is_sent_and_its_receipt_survives_a_reload(
    api: Callable[..., Any], site_url: str, form: str, lang: str
) -> None:
    page, fake = api(locale=lang)
    gettext = translations(lang).gettext
    page.goto(f"{site_url}/{lang}/{FORM_PAGES[form]}")
    form_box = page.locator("form.portal-form").bounding_box()
    explanations_box = page.locator("#what-to-include").bounding_box()
    FILL[form](page)
    email = page.locator(EMAIL_FIELD[form]).input_value()

    page.locator("form button[type=submit]").click()

    receipt = page.locator("[data-success]")
    expect(receipt).to_be_focused()
    expect(receipt.locator("[data-email]")).to_have_text(email)
    expect(receipt).to_contain_text(gettext("What happens next"))
    [body] = fake.bodies
    REQUESTS[form].model_validate(body)  # the API takes the form's fields as they are
    assert form_box and explanations_box and form_box["y"] < explanations_box["y"]
    reference = receipt.locator("[data-reference]").inner_text()
    page.reload()
    expect(receipt).to_be_visible()
    expect(receipt.locator("[data-reference]")).to_have_text(reference)
    expect(receipt.locator("[data-email]")).to_have_text(email)
    expect(page.locator("form.portal-form")).to_be_hidden()


def test_a_receipt_copies_its_reference_prints_alone_and_gives_way_to_a_new_report(
    api: Callable[..., Any], site_url: str
) -> None:
    page, _ = api(locale="en-GB", permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{site_url}/en/{FORM_PAGES['notice']}")
    fill_notice(page)
    page.locator("form button[type=submit]").click()
    receipt = page.locator("[data-success]")
    reference = receipt.locator("[data-reference]")
    expect(reference).to_have_text("NT-7KQ4-M2XD")

    receipt.get_by_role("button", name="Copy the reference").click()
    expect(receipt.get_by_role("status")).to_have_text("Reference copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    one_line = reference.evaluate("node => node.getClientRects().length")
    page.emulate_media(media="print")
    printed = {
        "header": page.locator(".md-header").is_visible(),
        "explanations": page.locator("#what-to-include").is_visible(),
        "receipt": receipt.is_visible(),
        "buttons": receipt.get_by_role("button").first.is_visible(),
    }
    page.emulate_media(media="screen")
    receipt.get_by_role("button", name="Report another review").click()

    assert copied == "NT-7KQ4-M2XD"
    assert one_line == 1
    assert printed == {"header": False, "explanations": False, "receipt": True, "buttons": False}
    expect(page.locator("#notice-reviews")).to_be_focused()
    expect(page.locator("#notice-reviews")).to_have_value("")
    page.reload()
    expect(page.locator("form.portal-form")).to_be_visible()
    expect(receipt).to_be_hidden()


# English and French in `make test`; the other languages' strings come from the same
# catalogue lookups (`make test-full` runs them all).
@pytest.mark.parametrize(
    "lang",
    [
        lang if lang in ("en", "fr") else pytest.param(lang, marks=pytest.mark.full)
        for lang in LANGUAGES
    ],
)
def test_the_file_picker_is_ours_in_the_page_language_and_compact_on_a_phone(
    api: Callable[..., Any], site_url: str, lang: str, tmp_path: Path
) -> None:
    page, _ = api(locale=lang, viewport={"width": 320, "height": 700})
    gettext = translations(lang).gettext
    page.goto(f"{site_url}/{lang}/{FORM_PAGES['appeal']}")
    field = page.locator("[data-field=attachments]")
    long_name = tmp_path / "a-rather-long-name-for-a-scanned-letter-from-the-seller.pdf"
    long_name.write_bytes(documents.pdf())
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)

    expect(page.locator("#appeal-attachments")).to_be_hidden()
    expect(field).to_contain_text(gettext("No file attached yet."))
    with page.expect_file_chooser() as chooser:
        field.get_by_role("button", name=gettext("Choose files")).click()
    chooser.value.set_files([str(long_name), str(photo)])

    rows = field.locator(".portal-upload--accepted")
    expect(rows).to_have_count(2)
    expect(field).to_contain_text(
        gettext("Files attached: {count} of {max}.").format(count=2, max=5)
    )
    for index in range(2):
        box = rows.nth(index).bounding_box()
        assert box and box["x"] + box["width"] <= 320 and box["height"] < 90, box
    assert field.get_by_role("button", name=re.compile(gettext("Remove"))).count() == 2


def test_a_slow_check_says_it_is_slow_and_a_refused_file_frees_its_slot(
    api: Callable[..., Any], site_url: str, tmp_path: Path
) -> None:
    page, fake = api(locale="en-GB")
    page.goto(f"{site_url}/en/{FORM_PAGES['notice']}")
    field = page.locator("[data-field=attachments]")
    field.evaluate("node => { node.dataset.slowAfter = '300'; }")
    files = []
    for number in range(7):
        path = tmp_path / f"file-{number}.pdf"
        path.write_bytes(documents.pdf() + b"%" * number)  # a size per file
        files.append(path)
    sizes = [path.stat().st_size for path in files]
    fake.upload_states = {sizes[0]: "checking", sizes[1]: "rejected"}
    picker = page.locator("#notice-attachments")

    picker.set_input_files([str(path) for path in files[:5]])
    slow = field.locator(".portal-upload").filter(has_text="file-0.pdf")
    expect(slow).to_contain_text("taking longer than usual")
    expect(field.locator(".portal-upload--rejected")).to_contain_text("file-1.pdf")
    picker.set_input_files(str(files[5]))  # the refused file's slot
    expect(field.locator(".portal-upload--accepted")).to_have_count(4)
    picker.set_input_files(str(files[6]))  # one too many

    expect(page.locator("#notice-attachments-error")).to_contain_text("at most 5 files")
    assert "Refused" not in slow.inner_text()
    fake.upload_states[sizes[0]] = "accepted"
    expect(field.locator(".portal-upload--accepted")).to_have_count(5, timeout=15_000)
    expect(field).to_contain_text("Files attached: 5 of 5.")


def test_the_error_summary_names_wrong_lines_in_french_and_outlives_unrelated_actions(
    api: Callable[..., Any], site_url: str, tmp_path: Path
) -> None:
    page, _ = api(locale="fr-FR")
    page.goto(f"{site_url}/fr/{FORM_PAGES['notice']}")
    title = page.title()
    evidence = tmp_path / "preuve.pdf"
    evidence.write_bytes(documents.pdf())
    page.locator("#notice-reviews").fill("abcd-1234\nhttps://exemple.fr/avis\n\nab")
    page.locator("#notice-name").fill("Léa Petit")

    page.locator("form button[type=submit]").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    page.locator("#notice-attachments").set_input_files(str(evidence))
    expect(page.locator(".portal-upload--accepted")).to_have_count(1)

    items = summary.locator("li")
    texts = items.all_inner_texts()
    domains = ", ".join(MARKETPLACE_DOMAINS)
    not_ours = error_sentence("review_url_not_marketplace", "fr", domains=domains)
    not_a_number = field_error_sentence("format_invalid", "reviews.2.review_id", "fr")
    assert f"Ligne 2\u00a0: {not_ours}" in texts
    assert f"Ligne 4\u00a0: {not_a_number}" in texts
    assert "Saisissez votre adresse e-mail." in texts  # its own sentence, not "Label : …"
    assert "Choisissez pourquoi l'avis devrait être retiré." in texts
    assert page.title() == f"Erreur\u00a0: {title}"
    for index in range(items.count()):
        items.nth(index).locator("a").click()
        focused = page.locator(":focus")
        expect(focused).to_be_visible()
        assert focused.evaluate("node => !node.disabled && !node.closest('[hidden]')")
