"""
The e-mails a decision sends (domain/decision_mails.py), rendered as their readers get
them: who is told, in which language, with which redress, and never the notifier's name.
"""

import json

import pytest

from portal.domain import decision_mails
from portal.domain.cases import CaseKind
from portal.domain.decisions import AuthorityOrderRecord, decide_appeal
from portal.domain.mail import Mail, Template
from portal.mail.render import render
from tests.unit.decision_inputs import (
    NOTIFIER_EMAIL,
    NOTIFIER_NAME,
    NOW,
    STAFF,
    decided,
    illegal_ground,
    notice_case,
    review_decision,
)

SITE = "https://portal.example.eu/"


def test_the_notifier_is_told_each_reviews_outcome_and_the_last_day_to_contest() -> None:
    case = notice_case(reviews=2)
    decision = decided(case, review_decision(1), review_decision(2, "no_action"))

    [told] = [
        m for m in decision_mails.notice_mails(case, decision) if m.to_address == NOTIFIER_EMAIL
    ]
    mail = render(told, SITE)

    assert told.template is Template.NOTICE_DECIDED and told.language == "fr"
    assert mail.subject == f"Notre décision sur votre notification {case.reference}"
    assert "Avis 1\u00a0: retiré." in mail.text and "Avis 2\u00a0: laissé tel quel." in mail.text
    # Six months from the day of the decision (22 November 2026).
    assert "22 mai 2027" in mail.text
    assert f"{SITE}fr/reviews/appeal/" in mail.text
    assert f"{SITE}fr/transparency/disputes/" in mail.text


def test_each_author_gets_a_statement_of_reasons_in_their_language_without_the_notifier() -> None:
    case = notice_case(reviews=2)
    decision = decided(
        case,
        review_decision(1, author_email="auteur@example.nl"),
        review_decision(2, "label", author_email="autor@example.de", author_language="de"),
    )

    mails = decision_mails.statements_of_reasons(decision)

    assert [(m.to_address, m.language) for m in mails] == [
        ("auteur@example.nl", "nl"),  # the review is on backmarket.nl
        ("autor@example.de", "de"),
    ]
    assert [m.outbox_key for m in mails] == ["statement_of_reasons/1", "statement_of_reasons/2"]
    dutch = render(mails[0], SITE).text
    assert "https://www.backmarket.nl/nl-nl/p/iphone-13#review-1" in dutch  # its own review
    assert "verwijderd" in dutch and "BE, BG" in dutch
    assert "Feiten en omstandigheden" in dutch
    german = render(mails[1], SITE).text
    assert "Nr. 2 der Meldung" in german  # a review id is not an address: named by number
    for text in (dutch, german):
        assert NOTIFIER_NAME not in text and NOTIFIER_EMAIL not in text


def test_an_illegal_content_statement_names_the_law_and_the_automation() -> None:
    case = notice_case("illegal_content", reviews=1)
    decision = decided(
        case,
        review_decision(
            1,
            ground=illegal_ground(),
            author_email="author@example.com",
            author_language="en",
            automated_detection=True,
            automated_decision="partially",
            restricted_until="2027-01-31",
            outcome="demote",
        ),
    )

    [mail] = decision_mails.statements_of_reasons(decision)
    text = render(mail, SITE).text

    assert "It is illegal under Loi du 29 juillet 1881" in text
    assert "We acted on a notice that the review is illegal." in text
    assert "found by automated means" in text and "helped by automated means" in text
    assert "until 31 January 2027" in text and "shown lower" in text


def test_authors_without_an_address_and_unrestricted_reviews_get_nothing() -> None:
    case = notice_case(reviews=2)
    decision = decided(case, review_decision(1), review_decision(2, "no_action"))

    assert decision_mails.statements_of_reasons(decision) == []


def test_an_upheld_appeal_tells_the_appellant_the_notifier_and_the_author() -> None:
    notice = notice_case(reviews=1)
    decision = decided(notice, review_decision(1, author_email="author@example.com"))
    appeal = notice.model_copy(
        update={
            "reference": "AP-7KQ4-M2XD",
            "kind": CaseKind.APPEAL,
            "details": {"email": "author@example.com", "contested_case": notice.reference},
        }
    )
    content = {"outcome": "upheld", "reasons": "The review describes the phone, which is allowed."}
    record, reversed_decision = decide_appeal(
        appeal, content, contested=decision, staff=STAFF, now=NOW
    )
    assert reversed_decision is not None

    appellant = render(decision_mails.appeal_decided(appeal, record), SITE).text
    reversal = decision_mails.reversal_mails(notice, reversed_decision, record.reasons)

    assert "vous avez raison" in appellant and "article 21" in appellant
    assert "/reviews/appeal/" not in appellant  # no second internal complaint is offered
    assert [m.to_address for m in reversal] == [NOTIFIER_EMAIL, "author@example.com"]
    assert json.loads(reversal[1].values["reviews"]) == [1]


def test_authority_replies_are_in_english_or_french_and_sent_once_each() -> None:
    case = notice_case().model_copy(
        update={
            "kind": CaseKind.AUTHORITY_MESSAGE,
            "language": "de",
            "details": {"official_email": "a@bnetza.example"},
        }
    )
    record = AuthorityOrderRecord(
        case_reference=case.reference,
        receipt_confirmed_at=NOW,
        effect="The offers were withdrawn.",
        effect_given_at=NOW,
        user_informed=False,
        user_informed_at=None,
        recorded_at=NOW,
        recorded_by=STAFF.email,
    )

    mails = decision_mails.authority_replies(case, record)

    assert [(m.template, m.language) for m in mails] == [
        (Template.AUTHORITY_RECEIPT_CONFIRMED, "en"),
        (Template.AUTHORITY_EFFECT_GIVEN, "en"),
    ]
    assert "The offers were withdrawn." in render(mails[1], SITE).text


def test_a_decision_mail_still_refuses_text_a_sender_chose() -> None:
    with pytest.raises(ValueError, match="only our words"):
        Mail(
            id="NT-1/notice_decided",
            template=Template.NOTICE_DECIDED,
            language="en",
            to_address="victim@example.com",
            values={"reference": "NT-1", "name": "Cheap pills"},
        )
