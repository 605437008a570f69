"""
Forms posted without JavaScript: urlencoded answers become the same request as the
script's JSON, a stored case answers 303 to the receipt page, an error answers the form
again as HTML (escaped, in the page's language, answers kept), and the case waits for
its sender to confirm their address.
"""

import re
from datetime import date
from typing import Any
from urllib.parse import urlencode

import pytest

from portal.api.app import lambda_handler
from portal.api.form_fields import QUESTIONS
from portal.api.form_posts import FormPost, as_request
from portal.domain.authority_messages import hash_token
from portal.domain.cases import CaseStatus
from portal.domain.mail import Template
from tests.conftest import REPO
from tests.events import FakeContext, http_event
from tests.fakes import FakeCaseStore
from tests.unit import test_api_routes

# The route tests' fixture: the API with fakes, the proof-of-work on.
store = test_api_routes.store
FORM = "application/x-www-form-urlencoded"
# What the static notice form posts: every box of every option, blank ones included.
NOTICE_ANSWERS = [
    ("language", "fr"),
    ("grounds.basis", "review_rules"),
    ("grounds.law_or_right", ""),
    ("grounds.country", ""),
    ("grounds.criteria", "personal_data"),
    ("grounds.criteria", "offensive"),
    ("reviews", "https://www.backmarket.fr/fr-fr/p/x/reviews#r1\r\n\r\n8d1f0c2b\r\n"),
    ("explanation", "Both reviews give a technician's full name and phone number."),
    ("name", "Alex Martin"),
    ("email", "alex.martin@example.com"),
    ("website", ""),
]


def post_form(path: str, answers: list[tuple[str, str]], **headers: str) -> dict[str, Any]:
    event = http_event(
        "POST",
        path,
        raw_body=urlencode(answers),
        headers={"content-type": FORM, "sec-fetch-site": "same-origin", **headers},
    )
    return dict(lambda_handler(event, FakeContext()))


def replaced(answers: list[tuple[str, str]], **changes: str) -> list[tuple[str, str]]:
    return [(key, changes.get(key.replace(".", "__"), value)) for key, value in answers]


def test_form_answers_map_to_the_json_request_of_the_chosen_option() -> None:
    answers: dict[str, list[str]] = {}
    for key, value in NOTICE_ANSWERS:
        answers.setdefault(key, []).append(value)

    request = as_request(FormPost(form="notice", language="fr", answers=answers))

    assert request["grounds"] == {
        "basis": "review_rules",
        "criteria": ["personal_data", "offensive"],
    }
    assert request["reviews"] == [
        {"url": "https://www.backmarket.fr/fr-fr/p/x/reviews#r1"},
        {"review_id": "8d1f0c2b"},
    ]
    assert (request["language"], request["attachments"], request["website"]) == ("fr", [], "")


def test_an_unticked_declaration_is_false_and_a_local_choice_is_dropped() -> None:
    notice = {"grounds.basis": ["illegal_content"], "grounds.criteria": ["advertising"]}
    appeal = {"appellant.role": ["notifier"], "appellant.identified_by": ["order"],
              "appellant.case_reference": ["", "NT-7KQ4-M2XD"]}  # fmt: skip

    grounds = as_request(FormPost("notice", "en", notice))["grounds"]
    appellant = as_request(FormPost("appeal", "en", appeal))["appellant"]

    assert grounds == {"basis": "illegal_content", "good_faith": False}
    assert appellant == {"role": "notifier", "case_reference": "NT-7KQ4-M2XD"}


def test_the_same_answers_sent_twice_make_one_submission() -> None:
    answers = {"name": ["Alex"], "email": ["a@example.com"]}

    first = as_request(FormPost("notice", "en", answers))
    second = as_request(FormPost("notice", "en", dict(answers)))
    other = as_request(FormPost("notice", "en", {**answers, "name": ["Sam"]}))

    assert first["submission_id"] == second["submission_id"] != other["submission_id"]


def test_a_posted_notice_redirects_to_the_receipt_and_waits_for_confirmation(
    store: FakeCaseStore,
) -> None:
    response = post_form("/api/v1/notices", NOTICE_ANSWERS)

    assert response["statusCode"] == 303
    location = response["headers"]["Location"]
    reference = re.fullmatch(r"/fr/sent/\?reference=(NT-[A-Z0-9-]+)", location)
    assert reference is not None
    case = store.cases[reference.group(1)]
    assert case.status is CaseStatus.AWAITING_CONFIRMATION
    assert case.confirmation is not None
    [mail] = store.outbox
    assert mail.template is Template.SUBMISSION_CONFIRM_ADDRESS
    assert mail.to_address == "alex.martin@example.com"
    assert set(mail.values) == {"reference", "received_at"}  # nothing the sender typed


def test_an_invalid_form_answers_the_form_again_in_its_language_with_the_answers(
    store: FakeCaseStore,
) -> None:
    answers = replaced(NOTICE_ANSWERS, email="not-an-address", name="")

    response = post_form("/api/v1/notices", answers)

    assert response["statusCode"] == 422
    assert response["headers"]["Content-Type"].startswith("text/html")
    page = response["body"]
    assert '<html lang="fr">' in page
    assert "<title>Erreur\u00a0: Signaler un avis</title>" in page
    assert '<a href="#notice-email">' in page and '<a href="#notice-name">' in page
    assert 'id="notice-email-error"' in page
    assert 'value="not-an-address"' in page
    assert 'value="personal_data" checked' in page
    assert store.cases == {}


def test_answers_and_messages_are_escaped_never_markup(store: FakeCaseStore) -> None:
    attack = '"><script>alert(1)</script>'
    answers = replaced(
        NOTICE_ANSWERS, name=attack, explanation="</textarea><img src=x onerror=alert(1)>", email=""
    )

    page = post_form("/api/v1/notices", answers)["body"]

    assert "<script>" not in page and "<img" not in page
    assert "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt;" in page


def test_an_error_on_one_review_names_its_line(store: FakeCaseStore) -> None:
    answers = replaced(NOTICE_ANSWERS, reviews="8d1f0c2b\n\nhttps://example.com/r/1", language="en")

    page = post_form("/api/v1/notices", answers)["body"]

    assert "Line 3: Enter the address of a review on one of our sites" in page


def test_a_form_posted_from_another_site_is_refused(store: FakeCaseStore) -> None:
    response = post_form("/api/v1/notices", NOTICE_ANSWERS, **{"sec-fetch-site": "cross-site"})

    assert response["statusCode"] == 400
    assert "can only be sent from its page" in response["body"]
    assert store.cases == {}


def test_the_json_api_still_refuses_other_media_types(store: FakeCaseStore) -> None:
    event = http_event("POST", "/api/v1/uploads", raw_body="a=b", headers={"content-type": FORM})

    response = lambda_handler(event, FakeContext())

    assert response["statusCode"] == 415
    assert response["headers"]["Content-Type"] == "application/json"


def test_an_empty_appeal_links_every_problem_to_a_field(store: FakeCaseStore) -> None:
    page = post_form("/api/v1/appeals", [("language", "en")])["body"]

    summary = page.split('<ul class="portal-error-summary__list">')[1].split("</ul>")[0]
    assert summary.count("<li>") == summary.count('<a href="#appeal-') == 4
    assert '<a href="#appeal-appellant-role-1">' in summary


def test_the_confirmation_form_without_javascript_confirms_and_answers_a_page(
    store: FakeCaseStore,
) -> None:
    reference = post_form("/api/v1/notices", NOTICE_ANSWERS)["headers"]["Location"].rsplit("=")[-1]
    token = "a-one-time-token-of-the-email"
    store.add_confirmation_token(reference, hash_token(token))
    answers = [("language", "de"), ("reference", reference.lower()), ("token", token)]

    wrong = post_form("/api/v1/authority-messages/confirmations", [*answers[:2], ("token", "x")])
    right = post_form("/api/v1/authority-messages/confirmations", answers)

    assert (
        wrong["statusCode"] == 404 and "<title>Fehler: Adresse bestätigen</title>" in wrong["body"]
    )
    assert f'value="{reference.lower()}"' in wrong["body"]
    assert right["statusCode"] == 200
    assert f"Ihre Nachricht {reference} ist beim zuständigen Team eingegangen" in right["body"]
    assert store.cases[reference].status is CaseStatus.RECEIVED


def test_an_appeal_and_an_authority_message_posted_without_javascript_await_confirmation(
    store: FakeCaseStore,
) -> None:
    informed = date.today().isoformat()
    appeal = [
        ("language", "nl"),
        ("appellant.role", "review_author"),
        ("appellant.decision", "account_blocked"),
        ("appellant.identified_by", "order"),
        ("appellant.case_reference", ""),
        ("appellant.order_number", "ORD-2026-1234"),
        ("appellant.review_date", ""),
        ("appellant.informed_on", informed),
        ("explanation", "My account was blocked by mistake, please look again."),
        ("name", "Sam de Vries"),
        ("email", "sam@example.nl"),
    ]
    message = [
        ("language", "fr"),
        ("authority_type", "european_commission"),
        ("member_state", ""),
        ("authority_name", "European Commission, DG CONNECT"),
        ("official_email", "dsa@commission.example.eu"),
        ("authority_reference", "DSA-RFI-2026-031"),
        ("legal_basis", "information_order"),
        ("subject", "Request for information"),
        ("message", "Please provide the number of notices received this year."),
        ("message_language", "en"),
        ("items", ""),
        ("requested_deadline", ""),
    ]

    answers = [
        post_form("/api/v1/appeals", appeal),
        post_form("/api/v1/authority-messages", message),
    ]

    locations = [answer["headers"]["Location"] for answer in answers]
    assert [location[:21] for location in locations] == [
        "/nl/sent/?reference=A",
        "/fr/sent/?reference=A",
    ]
    for location in locations:
        case = store.cases[location.rsplit("=", 1)[1]]
        assert case.status is CaseStatus.AWAITING_CONFIRMATION


@pytest.mark.parametrize("form", list(QUESTIONS))
def test_the_error_page_asks_the_questions_in_the_words_of_the_site_form(form: str) -> None:
    partials = REPO / "site" / "overrides" / "partials" / "forms"
    template = (partials / f"{form}.html").read_text() + (partials / "fields.html").read_text()
    words = [q.label for q in QUESTIONS[form]] + [q.hint for q in QUESTIONS[form] if q.hint]
    words += [
        text for q in QUESTIONS[form] if isinstance(q.options, tuple) for _, text in q.options
    ]

    missing = [text for text in words if f'_("{text}")' not in template]

    assert missing == []
