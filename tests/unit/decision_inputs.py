"""
Cases and decisions for the decision and statement tests: a notice as the public form
takes it, and staff's decision on its reviews.
"""

import uuid
from datetime import UTC, datetime
from typing import Any

from portal.domain.cases import Case
from portal.domain.decisions import NoticeDecision, Staff, decide_notice
from portal.domain.intake import Intake
from portal.domain.notices import submit_notice
from tests.fakes import FakeCaseStore, FakeUploads

RECEIVED = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
STAFF = Staff(email="legal.staff@example.com")
NOTIFIER_NAME = "Claire Martin"
NOTIFIER_EMAIL = "claire.martin@example.fr"
NOTICE_EXPLANATION = (
    "The review says: the seller shipped a broken phone and the courier was rude to me "
    "at the door. It is about the delivery, not the phone."
)
RULES_URL = "https://portal.example.eu/en/reviews/#criteria"


def notice_case(basis: str = "review_rules", reviews: int = 2, **details: Any) -> Case:
    grounds: dict[str, Any] = (
        {"basis": "review_rules", "criteria": ["off_topic"]}
        if basis == "review_rules"
        else {
            "basis": "illegal_content",
            "law_or_right": "Loi du 29 juillet 1881, art. 29 (diffamation)",
            "country": "FR",
            "good_faith": True,
        }
    )
    locations = [
        {"url": "https://www.backmarket.nl/nl-nl/p/iphone-13#review-1"},
        {"review_id": "RV-9Q2X"},
        {"url": "https://www.backmarket.fr/fr-fr/p/galaxy-s21#review-3"},
    ]
    content = {
        "submission_id": str(uuid.uuid4()),
        "language": "fr",
        "grounds": grounds,
        "reviews": [locations[index % len(locations)] for index in range(reviews)],
        "name": NOTIFIER_NAME,
        "email": NOTIFIER_EMAIL,
        "explanation": NOTICE_EXPLANATION,
        **details,
    }
    intake = Intake(FakeCaseStore(), FakeUploads(), clock=lambda: RECEIVED)
    return submit_notice(content, spam=False, intake=intake)


def rules_ground(*criteria: str) -> dict[str, Any]:
    return {
        "basis": "review_rules",
        "criteria": list(criteria or ["off_topic"]),
        "explanation": "The review describes the delivery and the courier, not the product bought.",
    }


def illegal_ground() -> dict[str, Any]:
    return {
        "basis": "illegal_content",
        "legal_ground": "Loi du 29 juillet 1881 sur la liberté de la presse, art. 29 et 32",
        "explanation": "The review accuses the seller of a criminal offence without any basis.",
    }


def review_decision(number: int, outcome: str = "remove", **changes: Any) -> dict[str, Any]:
    decision: dict[str, Any] = {
        "review": number,
        "outcome": outcome,
        "facts": "A third party reported the review. Staff read it and compared it with the order's product.",
    }
    if outcome != "no_action":
        decision |= {"ground": rules_ground(), "published_on": "2026-10-01"}
    return decision | changes


def decided(case: Case, *reviews: dict[str, Any]) -> NoticeDecision:
    return decide_notice(case, {"reviews": list(reviews)}, staff=STAFF, now=NOW)
