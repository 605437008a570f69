"""
The three forms in Chromium against the whole local portal: filled in and sent in several
languages, acknowledged in that language in the development mailbox, errors shown beside
their fields and in a summary, attachments uploaded with progress, a retry that creates
one case only, accessible empty, with errors and after success, and a clear message
without JavaScript.
"""

import json
import re
import time
import urllib.request
from collections.abc import Callable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from portal.domain.cases import LANGUAGES
from portal.site.forms import field_rules
from tests import documents
from tests.browser.matrix import each_form_once
from tests.browser.test_accessibility import WCAG_AA, describe

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
FORM_PAGES = {
    "notice": "reviews/report/",
    "appeal": "reviews/appeal/",
    "authority_message": "authorities/contact/",
}


def mails(portal_url: str) -> list[dict[str, Any]]:
    with urllib.request.urlopen(f"{portal_url}/_dev/mail.json") as answer:
        return list(json.loads(answer.read()))


def mails_to(
    portal_url: str, address: str, count: int = 1, timeout: float = 15
) -> list[dict[str, Any]]:
    """The e-mails sent to `address`, once the workers have sent at least `count`."""
    deadline = time.monotonic() + timeout
    while True:
        found = [mail for mail in mails(portal_url) if address in mail["to"]]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """Pages in fresh browser contexts, all closed after the test."""
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> Page:
        context = browser.new_context(**options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def tab(open_page: Callable[..., Page]) -> Page:
    return open_page(locale="en-GB")


def open_form(page: Page, portal_url: str, lang: str, form: str) -> None:
    page.goto(f"{portal_url}/{lang}/{FORM_PAGES[form]}")
    expect(page.locator(f"form[data-portal-form={form}]")).to_be_visible()


def send(page: Page) -> str:
    page.locator("form button[type=submit]").click()
    success = page.locator("[data-success]")
    expect(success).to_be_visible(timeout=30_000)
    expect(success).to_be_focused()
    return str(success.locator("[data-reference]").inner_text())


# Each journey against the whole portal runs in one language in `make test`; its repeats in
# other languages are `full`: what changes with the language is met by the static journeys
# (test_form_journeys.py) in every language.
@pytest.mark.parametrize("lang", ["fr", pytest.param("en", marks=pytest.mark.full)])
def test_a_notice_is_sent_and_acknowledged_in_the_page_language(
    open_page: Callable[..., Page], portal_url: str, lang: str
) -> None:
    page = open_page(locale=lang)
    open_form(page, portal_url, lang, "notice")
    email = f"notice-{lang}-{time.time_ns()}@example.com"

    page.locator("#notice-grounds-basis-review-rules").check()
    page.locator("#notice-grounds-criteria-personal-data").check()
    page.locator("#notice-reviews").fill(
        "https://www.backmarket.fr/fr-fr/p/iphone-13#review-1\nabcd-1234"
    )
    page.locator("#notice-explanation").fill(
        "The review shows the full phone number of a technician."
    )
    page.locator("#notice-name").fill("Camille Martin")
    page.locator("#notice-email").fill(email)
    reference = send(page)

    assert re.fullmatch(r"NT-[0-9A-Z]{4}-[0-9A-Z]{4}", reference)
    [ack] = mails_to(portal_url, email)
    assert ack["language"] == lang
    assert reference in ack["subject"]
    if lang == "fr":
        assert ack["subject"].startswith("Nous avons bien reçu votre notification")


@pytest.mark.parametrize("lang", ["nl", pytest.param("de", marks=pytest.mark.full)])
def test_an_appeal_is_sent_and_acknowledged_in_the_page_language(
    open_page: Callable[..., Page], portal_url: str, lang: str
) -> None:
    page = open_page(locale=lang)
    open_form(page, portal_url, lang, "appeal")
    email = f"appeal-{lang}-{time.time_ns()}@example.com"
    today = time.strftime("%Y-%m-%d")

    page.locator("#appeal-appellant-role-review-author").check()
    page.locator("#appeal-appellant-decision-review-removed").check()
    page.locator("#appeal-appellant-identified_by-order").check()
    page.locator("#appeal-appellant-order_number").fill("48213377")
    page.locator("#appeal-appellant-review_date").fill(today)
    page.locator("#appeal-appellant-informed_on").fill(today)
    page.locator("#appeal-explanation").fill(
        "Mijn review beschreef alleen de staat van de batterij bij levering."
    )
    page.locator("#appeal-name").fill("Sam de Vries")
    page.locator("#appeal-email").fill(email)
    reference = send(page)

    [ack] = mails_to(portal_url, email)
    assert reference.startswith("AP-")
    assert ack["language"] == lang
    assert reference in ack["subject"]


@pytest.mark.parametrize("lang", ["fr", pytest.param("en", marks=pytest.mark.full)])
def test_an_authority_message_is_confirmed_through_the_link_in_the_mailbox(
    open_page: Callable[..., Page], portal_url: str, lang: str
) -> None:
    page = open_page(locale=lang)
    open_form(page, portal_url, lang, "authority_message")
    email = f"authority-{lang}-{time.time_ns()}@dsc.example.eu"

    page.locator("#authority_message-authority_type-digital-services-coordinator").check()
    page.locator("#authority_message-member_state").select_option("FR")
    page.locator("#authority_message-authority_name").fill("Arcom")
    page.locator("#authority_message-official_email").fill(email)
    page.locator("#authority_message-authority_reference").fill("ARCOM-2026-19")
    page.locator("#authority_message-legal_basis-information-order").check()
    page.locator("#authority_message-subject").fill("Demande d'informations")
    page.locator("#authority_message-message").fill(
        "Merci de nous transmettre le nombre de signalements reçus en 2026."
    )
    page.locator("#authority_message-message_language").select_option(lang)
    reference = send(page)
    [link_mail] = mails_to(portal_url, email)
    [(_, link)] = link_mail["links"]
    page.goto(link)

    confirmed = page.locator("[data-success]")
    expect(confirmed).to_be_visible(timeout=15_000)
    expect(confirmed.locator("[data-reference]")).to_have_text(reference)
    acknowledged = mails_to(portal_url, email, count=2)
    assert len(acknowledged) == 2
    assert {mail["language"] for mail in acknowledged} == {lang}


def test_invalid_input_shows_localized_errors_beside_fields_and_in_a_focused_summary(
    open_page: Callable[..., Page], portal_url: str
) -> None:
    page = open_page(locale="de-DE")
    open_form(page, portal_url, "de", "notice")

    page.locator("#notice-email").fill("keine-adresse")
    page.locator("form button[type=submit]").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Es gibt ein Problem") if False else expect(
        summary
    ).to_be_visible()
    email_error = page.locator("#notice-email-error")
    expect(email_error).to_be_visible()
    assert "E-Mail-Adresse" in email_error.inner_text()
    assert "e-mail address" not in email_error.inner_text()
    assert page.locator("#notice-email").get_attribute("aria-invalid") == "true"
    assert "notice-email-error" in (
        page.locator("#notice-email").get_attribute("aria-describedby") or ""
    )
    summary.get_by_role("link").filter(has_text="E-Mail").first.click()
    expect(page.locator("#notice-email")).to_be_focused()


def test_a_rule_only_the_server_knows_is_shown_beside_its_field(
    open_page: Callable[..., Page], portal_url: str
) -> None:
    page = open_page(locale="fr-FR")
    open_form(page, portal_url, "fr", "appeal")

    page.locator("#appeal-appellant-role-notifier").check()
    page.locator("#appeal-appellant-case_reference").fill("NT-0000-0000")
    page.locator("#appeal-explanation").fill(
        "Le signalement visait un avis clairement diffamatoire."
    )
    page.locator("#appeal-name").fill("Léa Petit")
    page.locator("#appeal-email").fill("lea.petit@example.fr")
    page.locator("form button[type=submit]").click()

    error = page.locator("#appeal-appellant-case_reference-error")
    expect(error).to_be_visible(timeout=20_000)
    assert "référence" in error.inner_text()
    expect(page.locator("[data-error-summary]")).to_be_focused()


def test_a_retry_after_a_lost_connection_creates_one_case_only(
    open_page: Callable[..., Page], portal_url: str
) -> None:
    page = open_page(locale="en-GB")
    open_form(page, portal_url, "en", "notice")
    email = f"retry-{time.time_ns()}@example.com"
    calls: list[str] = []

    def drop_first_answer(route: Route) -> None:
        calls.append(route.request.post_data or "")
        if len(calls) == 1:
            route.fetch()  # the server stores the notice...
            route.abort("connectionreset")  # ...but the answer is lost on the way back
        else:
            route.continue_()

    page.route("**/api/v1/notices", drop_first_answer)
    fill_advertising_notice(page, "abcd-5678", "Robin Roe", email)
    send(page)

    assert len(calls) == 2
    assert json.loads(calls[0])["submission_id"] == json.loads(calls[1])["submission_id"]
    time.sleep(2)
    assert len(mails_to(portal_url, email)) == 1


def bodies_sent(page: Page, path: str) -> list[dict[str, Any]]:
    """The JSON bodies the page sends to `path`, as they go."""
    sent: list[dict[str, Any]] = []
    page.on(
        "request",
        lambda request: (
            sent.append(json.loads(request.post_data or "{}"))
            if request.url.endswith(path)
            else None
        ),
    )
    return sent


def fill_advertising_notice(page: Page, review: str, name: str, email: str) -> None:
    """A notice about a review that only advertises: the form's shortest complete answer."""
    page.locator("#notice-grounds-basis-review-rules").check()
    page.locator("#notice-grounds-criteria-advertising").check()
    page.locator("#notice-reviews").fill(review)
    page.locator("#notice-explanation").fill(
        f"The review {review} only advertises another repair shop in town."
    )
    page.locator("#notice-name").fill(name)
    page.locator("#notice-email").fill(email)


def test_a_busy_server_is_retried_after_the_time_it_asks_with_the_same_submission(
    open_page: Callable[..., Page], portal_url: str
) -> None:
    page = open_page(locale="en-GB")
    open_form(page, portal_url, "en", "notice")
    email = f"busy-{time.time_ns()}@example.com"
    calls: list[tuple[float, str]] = []

    def busy_three_times(route: Route) -> None:
        calls.append((time.monotonic(), route.request.post_data or ""))
        if len(calls) <= 3:
            route.fulfill(
                status=503,
                headers={"Retry-After": "1", "Content-Type": "application/json"},
                body=json.dumps({"error": {"code": "service_unavailable", "message": "busy"}}),
            )
        else:
            route.continue_()

    page.route("**/api/v1/notices", busy_three_times)
    fill_advertising_notice(page, "abcd-5679", "Sam Roe", email)
    send(page)

    assert len(calls) == 4
    assert len({json.loads(body)["submission_id"] for _, body in calls}) == 1
    assert all(later - earlier >= 0.9 for (earlier, _), (later, _) in pairwise(calls))
    time.sleep(2)
    assert len(mails_to(portal_url, email)) == 1


def test_attachments_upload_with_visible_progress_and_travel_with_the_notice(
    open_page: Callable[..., Page], portal_url: str, tmp_path: Path
) -> None:
    page = open_page(locale="en-GB")
    open_form(page, portal_url, "en", "notice")
    evidence = tmp_path / "evidence.pdf"
    evidence.write_bytes(documents.pdf(filler=300_000))  # the checker parses it
    progress_seen: list[bool] = []
    page.on("console", lambda message: None)

    page.locator("#notice-attachments").set_input_files(str(evidence))
    progress_seen.append(
        page.locator(".portal-upload progress").count() > 0
        or page.locator(".portal-upload").count() > 0
    )
    expect(page.locator(".portal-upload--accepted")).to_contain_text("evidence.pdf", timeout=20_000)

    page.locator("#notice-grounds-basis-illegal-content").check()
    page.locator("#notice-grounds-law_or_right").fill("Defamation")
    page.locator("#notice-grounds-good_faith").check()
    page.locator("#notice-reviews").fill("abcd-9999")
    page.locator("#notice-explanation").fill(
        "The review falsely accuses our shop of selling stolen phones."
    )
    page.locator("#notice-name").fill("Ada Lovelace")
    page.locator("#notice-email").fill(f"attach-{time.time_ns()}@example.com")
    body = bodies_sent(page, "/api/v1/notices")
    send(page)

    assert progress_seen == [True]
    assert len(body[0]["attachments"]) == 1


def test_the_same_file_chosen_twice_is_attached_once(
    tab: Page, portal_url: str, tmp_path: Path
) -> None:
    open_form(tab, portal_url, "fr", "notice")
    evidence = tmp_path / "preuve.pdf"
    evidence.write_bytes(documents.pdf())
    attachments = tab.locator("#notice-attachments")

    attachments.set_input_files(str(evidence))
    attachments.set_input_files(str(evidence))

    expect(tab.locator("#notice-attachments-error")).to_have_text(
        "preuve.pdf est déjà joint\u00a0: chaque fichier n'est envoyé qu'une fois."
    )
    expect(tab.locator(".portal-upload--accepted")).to_have_count(1, timeout=20_000)
    assert tab.locator(".portal-upload").count() == 1


def test_a_refused_file_type_is_explained_on_the_field(
    tab: Page, portal_url: str, tmp_path: Path
) -> None:
    open_form(tab, portal_url, "en", "notice")
    page_file = tmp_path / "page.html"
    page_file.write_text("<html></html>")

    tab.locator("#notice-attachments").set_input_files(str(page_file))

    expect(tab.locator("#notice-attachments-error")).to_have_text(
        "page.html: Choose a PDF, PNG or JPEG file: other types are not accepted."
    )


@pytest.mark.parametrize(
    ("lang", "form"),
    [
        ("en", "notice"),
        pytest.param("nl", "notice", marks=pytest.mark.full),
        ("fr", "appeal"),
        ("de", "authority_message"),
    ],
)
def test_form_pages_have_no_accessibility_violation_with_errors_and_after_success(
    open_page: Callable[..., Page], portal_url: str, lang: str, form: str
) -> None:
    """Empty, these pages are checked by test_accessibility.py (en/reviews/report/,
    fr/reviews/appeal/, de/authorities/contact/ and every form in every language)."""
    page = open_page(locale=lang)
    open_form(page, portal_url, lang, form)

    page.locator("form button[type=submit]").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    assert describe(Axe().run(page, options=WCAG_AA).response["violations"]) == []

    page.evaluate(
        "() => { const s = document.querySelector('[data-success]'); s.querySelector('[data-reference]').textContent = 'NT-TEST-TEST'; document.querySelector('form.portal-form').hidden = true; s.hidden = false; }"
    )
    assert describe(Axe().run(page, options=WCAG_AA).response["violations"]) == []


def test_the_notice_form_can_be_completed_with_the_keyboard_alone(
    open_page: Callable[..., Page], portal_url: str
) -> None:
    page = open_page(locale="en-GB")
    open_form(page, portal_url, "en", "notice")
    email = f"keyboard-{time.time_ns()}@example.com"
    page.locator("#notice-reviews").focus()  # the first question: which reviews

    def press(*keys: str) -> None:
        for key in keys:
            page.keyboard.press(key)

    page.keyboard.type("abcd-4321")
    press("Tab", "ArrowDown")  # why: the second option, the review rules
    expect(page.locator("#notice-grounds-basis-review-rules")).to_be_checked()
    press("Tab", "Space")  # the first criterion
    for _ in range(13):
        press("Tab")
    page.keyboard.type("A keyboard user explains why this review breaks the rules.")
    press("Tab", "Tab")  # past the button that chooses files
    page.keyboard.type("Kim Keys")
    press("Tab")
    page.keyboard.type(email)
    press("Tab", "Enter")

    expect(page.locator("[data-success]")).to_be_visible(timeout=30_000)
    assert len(mails_to(portal_url, email)) == 1


@pytest.mark.parametrize("form", list(FORM_PAGES))
def test_without_javascript_each_form_page_shows_its_form_and_says_what_changes(
    open_page: Callable[..., Page], portal_url: str, form: str
) -> None:
    page = open_page(locale="en-GB", java_script_enabled=False)

    page.goto(f"{portal_url}/en/{FORM_PAGES[form]}")

    notice = page.get_by_role("note").filter(has_text="Without JavaScript")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("link to confirm your address")
    address = (
        "authorities@backmarket.com" if form == "authority_message" else "legal@backmarket.com"
    )
    # The page's text just above the form gives the address to write to, once, and points
    # to what to include, below the form.
    fallback = page.locator("p").filter(has_text="If you cannot use it")
    expect(fallback).to_have_count(1)
    expect(fallback).to_contain_text(address)
    expect(fallback).to_contain_text("listed below")
    expect(page.locator("form.portal-form")).to_be_visible()
    # Playwright's text search skips <noscript>, which Chromium shows without a script.
    attachments = page.locator("[data-field=attachments] noscript p")
    expect(attachments).to_be_visible()
    expect(attachments).to_contain_text("Attaching files needs JavaScript")
    expect(page.locator(f"#{form}-attachments")).to_be_hidden()


def test_without_javascript_a_report_is_corrected_sent_and_counts_once_the_address_is_confirmed(
    open_page: Callable[..., Page], portal_url: str
) -> None:
    page = open_page(locale="fr-FR", java_script_enabled=False)
    email = f"sans-js-{time.monotonic_ns()}@example.fr"
    page.goto(f"{portal_url}/fr/{FORM_PAGES['notice']}")
    page.locator("#notice-grounds-basis-review-rules").check()
    page.locator("#notice-grounds-criteria-advertising").check()
    page.locator("#notice-reviews").fill("8d1f0c2b")
    page.locator("#notice-explanation").fill(
        "Cet avis <b>fait de la publicité</b> pour un concurrent."
    )
    page.locator("#notice-email").fill(email)

    page.locator("form.portal-form button[type=submit]").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Il y a un problème")
    expect(page).to_have_title(re.compile(r"^Erreur\s: Signaler un avis"))
    expect(page.locator("#notice-explanation")).to_have_value(
        "Cet avis <b>fait de la publicité</b> pour un concurrent."
    )
    summary.get_by_role("link", name=re.compile("Votre nom")).click()
    expect(page).to_have_url(re.compile(r"#notice-name$"))
    expect(page.locator("#notice-name")).to_be_in_viewport()

    page.locator("#notice-name").fill("Camille Sansjs")
    page.locator("form.portal-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/fr/sent/\?reference=NT-"))
    expect(page.locator("h1")).to_have_text("Formulaire envoyé")
    expect(page.get_by_role("heading", name="Confirmez votre adresse e-mail")).to_be_visible()
    [link_mail] = mails_to(portal_url, email)
    code = re.search(r"la référence (NT-\S+) et ce code : (\S+)", " ".join(link_mail["paragraphs"]))
    assert code is not None, link_mail

    # The link's page confirms by itself with a script; without one it asks for the code.
    page.goto(f"{portal_url}/fr/authorities/confirm/")
    page.locator("#confirmation-reference").fill(code.group(1))
    page.get_by_label("Code de confirmation").fill(code.group(2))
    page.get_by_role("button", name="Confirmer mon adresse").click()

    expect(page.get_by_role("status")).to_contain_text(f"Votre message {code.group(1)}")
    assert len(mails_to(portal_url, email, count=2)) == 2  # the acknowledgement follows


@pytest.mark.screenshots
@pytest.mark.parametrize(("width", "height", "name"), [(375, 812, "phone"), (1280, 900, "desktop")])
def test_each_form_page_fits_the_screen_width_and_is_saved_for_review(
    open_page: Callable[..., Page], portal_url: str, width: int, height: int, name: str
) -> None:
    """`make screenshots`: build/screenshots/<form>-<lang>-<phone|desktop>.png, for people."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = open_page(viewport={"width": width, "height": height}, locale="en-GB")
    too_wide = []
    for form, path in FORM_PAGES.items():
        for lang in LANGUAGES:
            page.goto(f"{portal_url}/{lang}/{path}")
            expect(page.locator("form.portal-form")).to_be_visible()
            page.screenshot(path=str(SCREENSHOTS / f"{form}-{lang}-{name}.png"), full_page=True)
            # A page wider than the screen scrolls sideways: a field or label cut off.
            if page.evaluate("document.documentElement.scrollWidth") > width:
                too_wide.append(f"{lang}/{path}")

    assert too_wide == []


# --- Errors the API can return, each where the sender can see it (issue 9, point 19) ---

TODAY = time.strftime("%Y-%m-%d")


def fill_notice(page: Page) -> None:
    page.locator("#notice-grounds-basis-illegal-content").check()
    page.locator("#notice-grounds-law_or_right").fill("Defamation")
    page.locator("#notice-grounds-good_faith").check()
    page.locator("#notice-reviews").fill("abcd-1234\n\nabcd-5678")
    page.locator("#notice-explanation").fill("The review falsely accuses our shop of theft.")
    page.locator("#notice-name").fill("Ada Lovelace")
    page.locator("#notice-email").fill("ada@example.com")


def fill_appeal(page: Page, who: str) -> None:
    if who == "notifier":
        page.locator("#appeal-appellant-role-notifier").check()
        page.locator("#appeal-appellant-case_reference").fill("NT-7KQ4-M2XD")
    else:
        page.locator("#appeal-appellant-role-review-author").check()
        page.locator("#appeal-appellant-decision-review-removed").check()
        if who == "author_by_reference":
            page.locator("#appeal-appellant-identified_by-reference").check()
            page.locator("#appeal-appellant-author-case_reference").fill("NT-7KQ4-M2XD")
        else:
            page.locator("#appeal-appellant-identified_by-order").check()
            page.locator("#appeal-appellant-order_number").fill("48213377")
            page.locator("#appeal-appellant-review_date").fill(TODAY)
            page.locator("#appeal-appellant-informed_on").fill(TODAY)
    page.locator("#appeal-explanation").fill("My review only described the battery on arrival.")
    page.locator("#appeal-name").fill("Sam Roe")
    page.locator("#appeal-email").fill("sam@example.com")


def fill_authority(page: Page, authority: str) -> None:
    page.locator(f"#authority_message-authority_type-{authority}").check()
    if authority == "digital-services-coordinator":
        page.locator("#authority_message-member_state").select_option("FR")
    page.locator("#authority_message-authority_name").fill("Arcom")
    page.locator("#authority_message-official_email").fill("dsa@arcom.example.fr")
    page.locator("#authority_message-authority_reference").fill("ARCOM-2026-19")
    page.locator("#authority_message-legal_basis-information-order").check()
    page.locator("#authority_message-subject").fill("Request for information")
    page.locator("#authority_message-message").fill("Please send the number of notices of 2026.")
    page.locator("#authority_message-message_language").select_option("en")
    page.locator("#authority_message-items").fill("https://www.backmarket.fr/r/1\nabcd-1234")


# Per form and choice: how to fill it, and where the errors on nested paths must appear.
SCENARIOS: dict[str, tuple[str, Callable[[Page], None], dict[str, str]]] = {
    "notice": (
        "notice",
        fill_notice,
        {
            "grounds.law_or_right": "#notice-grounds-law_or_right-error",
            "reviews.1.url": "#notice-reviews-error",
            "attachments.2": "#notice-attachments-error",
        },
    ),
    "appeal_author_by_order": (
        "appeal",
        lambda page: fill_appeal(page, "author_by_order"),
        {
            "appellant.review_date": "#appeal-appellant-review_date-error",
            "appellant.informed_on": "#appeal-appellant-informed_on-error",
        },
    ),
    "appeal_author_by_reference": (
        "appeal",
        lambda page: fill_appeal(page, "author_by_reference"),
        {"appellant.case_reference": "#appeal-appellant-author-case_reference-error"},
    ),
    "appeal_notifier": (
        "appeal",
        lambda page: fill_appeal(page, "notifier"),
        {"appellant.case_reference": "#appeal-appellant-case_reference-error"},
    ),
    "authority_national": (
        "authority_message",
        lambda page: fill_authority(page, "digital-services-coordinator"),
        {
            "member_state": "#authority_message-member_state-error",
            "items.1": "#authority_message-items-error",
        },
    ),
    "authority_eu_level": (
        "authority_message",
        lambda page: fill_authority(page, "european-commission"),
        {"authority_type": "#authority_message-authority_type-error"},
    ),
}


def api_paths(form: str, nested: dict[str, str]) -> list[str]:
    """Every field path the API can name for a form: its model's, lists' items, the rest."""
    paths = [path.replace("[]", ".0") for path in field_rules(form)]
    parents = {path.split(".")[0] for path in paths if "." in path}
    extra = ["challenge", "website", "body", "attachments.2", *parents]
    if form == "notice":
        extra += ["reviews.0", "reviews.1.url", "grounds.criteria.3"]
    return list(dict.fromkeys([*nested, *paths, *extra]))


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_every_error_the_api_can_return_is_shown_by_a_visible_field_or_linked_from_the_summary(
    tab: Page, portal_url: str, scenario: str
) -> None:
    form, fill, nested = SCENARIOS[scenario]
    open_form(tab, portal_url, "en", form)
    fill(tab)
    paths = api_paths(form, nested)
    fields = [
        {"field": path, "code": "invalid", "message": f"Problem with {path}."} for path in paths
    ]
    body = {"error": {"code": "validation_failed", "message": "Check.", "fields": fields}}
    tab.route(
        f"**{ENDPOINTS[form]}",
        lambda route: route.fulfill(status=422, json=body, headers={"Content-Language": "en"}),
    )

    tab.locator("form button[type=submit]").click()

    summary = tab.locator("[data-error-summary]")
    expect(summary).to_be_focused(timeout=30_000)
    for path, error_id in nested.items():
        expect(tab.locator(error_id)).to_be_visible()
        expect(tab.locator(error_id)).to_contain_text(f"Problem with {path}.")
    items = summary.locator("li")
    assert items.count() == len(paths)
    for index in range(len(paths)):
        link = items.nth(index).locator("a")
        assert link.count() == 1, items.nth(index).inner_text()
        link.click()
        focused = tab.locator(":focus")
        expect(focused).to_be_visible()
        assert focused.evaluate("node => !node.disabled && !node.closest('[hidden]')")
    if form == "notice":
        expect(summary).to_contain_text("Line 3: Problem with reviews.1.url.")


ENDPOINTS = {
    "notice": "/api/v1/notices",
    "appeal": "/api/v1/appeals",
    "authority_message": "/api/v1/authority-messages",
}


def test_switching_to_another_option_clears_the_errors_of_the_fields_it_hides(
    tab: Page, portal_url: str
) -> None:
    open_form(tab, portal_url, "en", "appeal")
    tab.locator("#appeal-appellant-role-review-author").check()
    tab.locator("#appeal-appellant-decision-review-removed").check()
    tab.locator("#appeal-appellant-identified_by-order").check()
    tab.locator("form button[type=submit]").click()
    summary = tab.locator("[data-error-summary]")
    expect(tab.locator("#appeal-appellant-order_number-error")).to_be_visible()
    expect(summary).to_contain_text("Enter your order number.")

    tab.locator("#appeal-appellant-decision-account-blocked").check()
    expect(tab.locator("#appeal-appellant-review_date")).to_be_hidden()
    expect(summary).not_to_contain_text("Enter the date of your review")
    tab.locator("#appeal-appellant-role-notifier").check()

    expect(tab.locator("#appeal-appellant-order_number-error")).to_be_hidden()
    expect(summary).not_to_contain_text("Enter your order number")
    expect(summary).not_to_contain_text("Enter the date of our e-mail")
    expect(summary).to_contain_text("Enter your name.")
    assert (
        tab.locator("[aria-invalid=true]:not([disabled])").count()
        == tab.locator(".portal-error:not([hidden])").count()
    )


def test_member_state_is_asked_only_of_national_authorities(tab: Page, portal_url: str) -> None:
    open_form(tab, portal_url, "en", "authority_message")
    member_state = tab.locator("#authority_message-member_state")
    expect(member_state).to_be_hidden()
    tab.locator("#authority_message-authority_type-digital-services-coordinator").check()
    expect(member_state).to_be_visible()
    tab.locator("form button[type=submit]").click()
    expect(tab.locator("#authority_message-member_state-error")).to_be_visible()

    tab.locator("#authority_message-authority_type-european-commission").check()
    expect(member_state).to_be_hidden()
    expect(tab.locator("[data-error-summary]")).not_to_contain_text("Member State")
    sent = bodies_sent(tab, "/api/v1/authority-messages")
    fill_authority(tab, "european-commission")
    tab.locator("#authority_message-official_email").fill(f"ms-{time.time_ns()}@ec.example.eu")
    reference = send(tab)

    assert reference.startswith("AU-")
    assert "member_state" not in sent[0]


def test_a_notifier_whose_notice_is_not_decided_yet_is_told_so_beside_the_reference(
    open_page: Callable[..., Page], portal_url: str
) -> None:
    page = open_page(locale="fr-FR")
    email = f"notifier-{time.time_ns()}@example.fr"
    open_form(page, portal_url, "fr", "notice")
    fill_notice(page)
    page.locator("#notice-email").fill(email)
    notice = send(page)
    open_form(page, portal_url, "fr", "appeal")

    page.locator("#appeal-appellant-role-notifier").check()
    page.locator("#appeal-appellant-case_reference").fill(notice.lower())
    page.locator("#appeal-explanation").fill("Le signalement visait un avis diffamatoire.")
    page.locator("#appeal-name").fill("Léa Petit")
    page.locator("#appeal-email").fill(email.upper())
    page.locator("form button[type=submit]").click()

    error = page.locator("#appeal-appellant-case_reference-error")
    expect(error).to_be_visible(timeout=30_000)
    expect(error).to_contain_text("pas encore statué")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert page.locator("#appeal-appellant-informed_on").count() == 1
    expect(page.locator("#appeal-appellant-informed_on")).to_be_hidden()


# --- Every form without JavaScript, in every language (issue 13, point 9) ---------------
# Each form once in `make test` (each_form_once), every pair in `make test-full`.

NO_SCRIPT_FILL: dict[str, tuple[Callable[[Page], None], str]] = {
    "notice": (fill_notice, "#notice-email"),
    "appeal": (lambda page: fill_appeal(page, "author_by_order"), "#appeal-email"),
    "authority_message": (
        lambda page: fill_authority(page, "digital-services-coordinator"),
        "#authority_message-official_email",
    ),
}


@pytest.mark.parametrize(("form", "lang"), each_form_once(list(FORM_PAGES)))
def test_without_javascript_each_form_answers_its_errors_then_is_sent_in_each_language(
    open_page: Callable[..., Page], portal_url: str, form: str, lang: str
) -> None:
    page = open_page(locale=lang, java_script_enabled=False)
    page.goto(f"{portal_url}/{lang}/{FORM_PAGES[form]}")

    page.locator("form.portal-form button[type=submit]").click()  # nothing answered

    expect(page.get_by_role("alert")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == lang
    first = page.get_by_role("alert").get_by_role("link").first
    target = (first.get_attribute("href") or "#").split("#", 1)[1]
    assert page.locator(f"#{target}").count() == 1  # the summary links a field of the page
    # axe needs a script: the same page, in a tab of the same site with scripts on
    checked = open_page(locale=lang)
    checked.goto(f"{portal_url}/{lang}/")
    checked.set_content(page.content())
    assert describe(Axe().run(checked, options=WCAG_AA).response["violations"]) == []

    fill, email_field = NO_SCRIPT_FILL[form]
    page.goto(f"{portal_url}/{lang}/{FORM_PAGES[form]}")
    fill(page)
    email = f"no-script-{form}-{lang}-{time.monotonic_ns()}@example.org"
    page.locator(email_field).fill(email)
    page.locator("form.portal-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/{lang}/sent/\?reference=[A-Z]{{2}}-"))
    assert page.locator("html").get_attribute("lang") == lang
    assert len(mails_to(portal_url, email)) == 1  # the link to confirm the address
