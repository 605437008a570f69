"""
A form posted without JavaScript, end to end under moto with the proof-of-work on: 303 to
the receipt page, the case stored awaiting confirmation, a link mailed that carries
nothing the sender typed, the case counted once the link is used; an error answers the
form again as HTML in the page's language, with the answers kept.
"""

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from portal.api.app import lambda_handler
from tests.events import FakeContext, http_event
from tests.integration.harness import LocalPortal, confirmation_link

PITCH = "Cheap pills at pills.example"
ANSWERS = [
    ("language", "nl"),
    ("grounds.basis", "review_rules"),
    ("grounds.criteria", "advertising"),
    ("reviews", "8d1f0c2b"),
    ("explanation", f"This review is an advertisement. {PITCH}"),
    ("name", PITCH),
    ("email", "no-js@example.nl"),
    ("website", ""),
]


def post_form(portal: LocalPortal, path: str, answers: list[tuple[str, str]]) -> dict[str, Any]:
    headers = {
        "content-type": "application/x-www-form-urlencoded",
        "sec-fetch-site": "same-origin",
        **portal.origin_headers,
    }
    event = http_event("POST", path, raw_body=urlencode(answers), headers=headers)
    return dict(lambda_handler(event, FakeContext()))


def test_a_notice_posted_without_javascript_counts_once_its_address_is_confirmed(
    guarded_portal: LocalPortal,
) -> None:
    portal = guarded_portal

    response = post_form(portal, "/api/v1/notices", ANSWERS)
    portal.deliver()

    assert response["statusCode"] == 303
    location = response["headers"]["Location"]
    assert location.startswith("/nl/sent/?reference=NT-")
    reference = location.rsplit("=", 1)[1]
    waiting = portal.case_item(reference)
    assert waiting is not None and waiting["gsi1pk"] == "notice#awaiting_confirmation"
    soon = (datetime.now(UTC) + timedelta(days=31)).timestamp()
    assert int(waiting["expires_at"]) < soon  # unconfirmed, it goes as spam does
    [link_mail] = portal.mails_to("no-js@example.nl")
    assert PITCH not in link_mail["body"] and "pills" not in link_mail["subject"]
    assert portal.mails_to("legal@backmarket.example") == []  # not counted yet
    assert confirmation_link(link_mail["body"])[0] == reference

    status, confirmed = portal.post(
        "/api/v1/authority-messages/confirmations",
        dict(zip(("reference", "token"), confirmation_link(link_mail["body"]), strict=True)),
    )
    portal.deliver()

    assert status == 200 and confirmed["reference"] == reference
    confirmed_item = portal.case_item(reference)
    assert confirmed_item is not None and confirmed_item["status"] == "received"
    assert int(confirmed_item["expires_at"]) > (datetime.now(UTC) + timedelta(days=700)).timestamp()
    [_, ack] = portal.mails_to("no-js@example.nl")
    assert reference in ack["subject"] and '<html lang="nl">' in ack["body"]
    [staff] = portal.mails_to("legal@backmarket.example")
    assert reference in staff["subject"]


def test_an_invalid_appeal_posted_without_javascript_is_answered_in_german_with_its_answers(
    guarded_portal: LocalPortal,
) -> None:
    answers = [
        ("language", "de"),
        ("appellant.role", "notifier"),
        ("appellant.case_reference", "NT-0000-0000"),
        ("explanation", "Bitte prüfen Sie <das> noch einmal."),
        ("name", "Jan"),
        ("email", "jan@example.de"),
    ]

    response = post_form(guarded_portal, "/api/v1/appeals", answers)

    assert response["statusCode"] == 422
    page = response["body"]
    assert response["headers"]["Content-Language"] == "de"
    assert "<title>Fehler: Entscheidung anfechten</title>" in page
    assert '<a href="#appeal-appellant-case_reference">' in page
    assert "Bitte prüfen Sie &lt;das&gt; noch einmal." in page
    assert 'value="notifier" checked' in page
    assert guarded_portal.items("CASE#") == []
