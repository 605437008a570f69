"""
A complete decision for each kind of case, for the staff API's OpenAPI document (issue 10
point 4). Each is accepted as it is for a case just made from the public examples
(api/notices.py, api/appeals.py, api/authority_messages.py): tests/unit/
test_decision_examples.py keeps them so. Dates are in the past of any decision to come.
"""

from typing import Any

_FACTS = (
    "A third party reported the review under the review rules. Staff read it on the "
    "marketplace and compared it with the published moderation criteria."
)

# The public review-rules notice names two reviews (personal data, offensive).
NOTICE_DECISION: dict[str, Any] = {
    "reviews": [
        {
            "review": 1,
            "outcome": "remove",
            "ground": {
                "basis": "review_rules",
                "criteria": ["personal_data"],
                "explanation": "The review discloses the identity and contact details of a third person.",
            },
            "facts": _FACTS,
            "automated_detection": False,
            "automated_decision": "not_automated",
            "territorial_scope": ["BE", "DE", "ES", "FR", "IT", "NL"],
            "published_on": "2026-09-14",
            "has_photos": False,
            "author_email": "buyer.one@example.com",
            "author_language": "fr",
            "author_account": "private",
        },
        {
            "review": 2,
            "outcome": "no_action",
            "facts": "The review describes the device and the delivery; it names no one.",
        },
    ]
}

# The public illegal-content notice names one review (defamation under French law).
ILLEGAL_NOTICE_DECISION: dict[str, Any] = {
    "reviews": [
        {
            "review": 1,
            "outcome": "remove",
            "ground": {
                "basis": "illegal_content",
                "legal_ground": "French Law of 29 July 1881 on the freedom of the press, Article 29",
                "explanation": "The review accuses the seller of selling stolen goods, a factual claim without any basis that harms its reputation.",
            },
            "facts": "A notice under Article 16 DSA named the review. Staff checked the claim against the seller's records and the applicable law.",
            "territorial_scope": ["FR"],
            "category": "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
            "keywords": ["KEYWORD_DEFAMATION"],
            "published_on": "2026-08-30",
            "author_language": "fr",
        }
    ]
}

APPEAL_DECISION: dict[str, Any] = {
    "outcome": "upheld",
    "reasons": "On a second reading the review only describes the battery's condition on delivery, which the review rules allow; it is published again.",
}

AUTHORITY_ORDER: dict[str, Any] = {
    "effect": "The offers named in the order were withdrawn from every country site.",
    "user_informed": True,
}
