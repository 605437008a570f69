"""
Decisions staff record: on each review of a notice, on appeals (by a person; an upheld
appeal reverses), and on authority orders. No AWS: the domain alone.
"""

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from portal.domain.cases import Case, CaseKind, CaseStatus
from portal.domain.decisions import (
    AppealOutcome,
    Automation,
    NoticeDecision,
    Outcome,
    ReviewRulesGround,
    Staff,
    check_undecided,
    decide_appeal,
    record_authority_order,
    record_restoration,
    restored,
    summary,
)
from portal.domain.errors import AlreadyDecided, DomainError, InvalidSubmission
from portal.error_sentences import ERROR_SENTENCES
from tests.unit.decision_inputs import (
    NOTIFIER_EMAIL,
    NOW,
    RECEIVED,
    STAFF,
    decided,
    illegal_ground,
    notice_case,
    review_decision,
    rules_ground,
)


def code_of(error: pytest.ExceptionInfo[BaseException]) -> tuple[str, str | None]:
    value = error.value
    if isinstance(value, DomainError):
        return value.code, value.field
    assert isinstance(value, ValidationError)
    first = value.errors()[0]
    return first["type"], ".".join(str(part) for part in first["loc"])


# --- decisions on notices ----------------------------------------------------------------


def test_a_decision_records_each_review_with_its_defaults() -> None:
    case = notice_case(reviews=2)

    decision = decided(case, review_decision(1), review_decision(2, "no_action"))

    first, second = decision.reviews
    assert (first.outcome, second.outcome) == (Outcome.REMOVE, Outcome.NO_ACTION)
    assert first.location == "https://www.backmarket.nl/nl-nl/p/iphone-13#review-1"
    assert second.location == "RV-9Q2X"
    # The off-topic criterion's defaults (sor-schema.json's first mapping example).
    assert first.category == "STATEMENT_CATEGORY_OTHER_VIOLATION_TC"
    assert first.keywords == ("KEYWORD_OTHER",)
    assert first.keyword_other == "Review not about the purchased product"
    assert len(first.territorial_scope) == 27 and "GR" in first.territorial_scope
    assert first.automated_decision is Automation.NOT_AUTOMATED
    # The author wrote on backmarket.nl; a review number alone says nothing: the case's.
    assert (first.author_language, second.author_language) == ("nl", "fr")
    assert decision.notice_basis == "review_rules"
    assert decision.decided_by == STAFF.email and decision.decided_at == NOW


def test_staff_choices_replace_the_defaults() -> None:
    case = notice_case(reviews=1)

    decision = decided(
        case,
        review_decision(
            1,
            "demote",
            ground=rules_ground("false_or_by_seller", "advertising"),
            category="STATEMENT_CATEGORY_CONSUMER_INFORMATION",
            keywords=["KEYWORD_MISLEADING_INFO_GOODS_SERVICES"],
            territorial_scope=["FR", "BE"],
            automated_detection=True,
            automated_decision="partially",
            author_email="buyer@example.com",
            author_language="de",
            restricted_until="2027-05-22",
        ),
    )

    review = decision.reviews[0]
    assert review.category == "STATEMENT_CATEGORY_CONSUMER_INFORMATION"
    # The second criterion's category is added, the chosen one not repeated.
    assert review.additional_categories == ("STATEMENT_CATEGORY_SCAMS_AND_FRAUD",)
    assert review.keywords == ("KEYWORD_MISLEADING_INFO_GOODS_SERVICES",)
    assert review.territorial_scope == ("BE", "FR")
    assert review.author_language == "de" and review.author_email == "buyer@example.com"
    assert review.restricted_until == date(2027, 5, 22)


def test_several_criteria_add_their_keywords_and_categories() -> None:
    decision = decided(
        notice_case(reviews=1), review_decision(1, ground=rules_ground("hatred", "duplicate"))
    )

    review = decision.reviews[0]
    assert review.category == "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH"
    assert review.additional_categories == ("STATEMENT_CATEGORY_SCAMS_AND_FRAUD",)
    assert review.keywords == (
        "KEYWORD_HATE_SPEECH",
        "KEYWORD_DISCRIMINATION",
        "KEYWORD_INAUTHENTIC_USER_REVIEWS",
    )


def test_keyword_other_is_described_by_every_criterion_that_gives_it() -> None:
    ground = rules_ground("advertising", "off_topic", "personal_data")

    review = decided(notice_case(reviews=1), review_decision(1, ground=ground)).reviews[0]

    assert review.keyword_other == (
        "Review not about the purchased product; Review discloses personal or confidential data"
    )


def test_an_illegal_content_decision_defaults_to_the_unspecified_category() -> None:
    decision = decided(
        notice_case("illegal_content", reviews=1), review_decision(1, ground=illegal_ground())
    )

    assert decision.notice_basis == "illegal_content"
    assert decision.reviews[0].category == "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE"
    assert decision.reviews[0].keywords == ()


@pytest.mark.parametrize(
    ("reviews", "code", "field"),
    [
        ([review_decision(1)], "review_not_decided", "reviews"),
        ([review_decision(1), review_decision(3)], "review_not_in_notice", "reviews.1.review"),
        ([review_decision(1), review_decision(1)], "review_decided_twice", "reviews.1.review"),
        (
            [review_decision(1), review_decision(2, ground=None)],
            "ground_required",
            "reviews.1.ground",
        ),
        (
            [review_decision(1), review_decision(2, published_on=None)],
            "required",
            "reviews.1.published_on",
        ),
        (
            [review_decision(1), review_decision(2, published_on="2026-11-23")],
            "date_after_decision",
            "reviews.1.published_on",
        ),
        (
            [review_decision(1), review_decision(2, published_on="1999-12-31")],
            "date_out_of_range",
            "reviews.1.published_on",
        ),
        (
            [review_decision(1), review_decision(2, restricted_until="2038-01-02")],
            "date_out_of_range",
            "reviews.1.restricted_until",
        ),
        (
            [review_decision(1), review_decision(2, "no_action", restricted_until="2027-01-01")],
            "restriction_end_without_restriction",
            "reviews.1.restricted_until",
        ),
        (
            [review_decision(1), review_decision(2, "label", restricted_until="2026-11-22")],
            "restriction_end_not_after_decision",
            "reviews.1.restricted_until",
        ),
        (
            [review_decision(1), review_decision(2, territorial_scope=["FR", "FR"])],
            "duplicate_values",
            "reviews.1.territorial_scope",
        ),
        (
            [review_decision(1), review_decision(2, territorial_scope=["UK"])],
            "literal_error",
            "reviews.1.territorial_scope.0",
        ),
        (
            [
                review_decision(1),
                review_decision(2, category="STATEMENT_CATEGORY_NOT_SPECIFIED_ORDER"),
            ],
            "literal_error",
            "reviews.1.category",
        ),
        (
            [review_decision(1), review_decision(2, ground=rules_ground("off_topic", "off_topic"))],
            "duplicate_values",
            "reviews.1.ground.review_rules.criteria",
        ),
        (
            [
                review_decision(1),
                review_decision(
                    2, category="STATEMENT_CATEGORY_SCAMS_AND_FRAUD", keywords=["KEYWORD_OTHER"]
                ),
            ],
            "required",
            "reviews.1.keyword_other",
        ),
        (
            [review_decision(1), review_decision(2, facts="x" * 5001)],
            "too_long",
            "reviews.1.facts",
        ),
    ],
)
def test_a_decision_breaking_a_rule_is_refused(
    reviews: list[dict[str, Any]], code: str, field: str
) -> None:
    with pytest.raises((DomainError, ValidationError)) as error:
        decided(notice_case(reviews=2), *reviews)

    assert code_of(error) == (code, field)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The notifier, Claire Martin, says the review is off topic.", "personal_data_name"),
        ("Mr Dupont wrote this review about the courier.", "personal_data_name"),
        (f"The notifier ({NOTIFIER_EMAIL}) reported the review.", "personal_data_email"),
        ("The buyer of order 48213377 wrote the review.", "personal_data_number"),
        ("The author can be reached on +33 6 12 34 56 78 for questions.", "personal_data_number"),
        (
            "The review is at https://www.backmarket.fr/r/12 for reference.",
            "personal_data_web_address",
        ),
        (
            'The review reads "the courier was rude to me at the door" only.',
            "personal_data_quotation",
        ),
        (
            "It says the seller shipped a broken phone and the courier was rude.",
            "personal_data_quotation",
        ),
    ],
)
def test_personal_data_in_public_text_is_refused(text: str, code: str) -> None:
    with pytest.raises(InvalidSubmission) as error:
        decided(notice_case(reviews=1), review_decision(1, facts=text))

    assert (error.value.code, error.value.field) == (code, "reviews.0.facts")


def test_personal_data_in_the_ground_is_refused_too() -> None:
    ground = illegal_ground() | {
        "explanation": "The review names the seller's manager, Claire Martin."
    }

    with pytest.raises(InvalidSubmission) as error:
        decided(notice_case("illegal_content", reviews=1), review_decision(1, ground=ground))

    assert (error.value.code, error.value.field) == (
        "personal_data_name",
        "reviews.0.ground.explanation",
    )


def test_a_decided_case_is_not_decided_again() -> None:
    case = notice_case(reviews=1)
    decision = decided(case, review_decision(1))
    stored = case.model_copy(update={"decision": summary(decision)})

    with pytest.raises(AlreadyDecided) as error:
        decided(stored, review_decision(1, "no_action"))

    assert error.value.code == "already_decided"
    check_undecided(stored, reversal=True)  # an appeal's reversal may change it


def test_only_a_notice_takes_a_notice_decision() -> None:
    case = notice_case(reviews=1).model_copy(update={"kind": CaseKind.APPEAL})

    with pytest.raises(InvalidSubmission) as error:
        decided(case, review_decision(1))

    assert error.value.code == "decision_kind_mismatch"


def test_the_summary_keeps_what_appeals_read() -> None:
    case = notice_case(reviews=2)
    decision = decided(
        case,
        review_decision(1, author_email="buyer@example.com"),
        review_decision(2, author_email="buyer@example.com"),
    )

    record = summary(decision)

    assert record.outcome == "remove"
    assert record.author_email == "buyer@example.com"
    assert record.informed_on == date(2026, 11, 22)
    mixed = decided(case, review_decision(1), review_decision(2, "no_action"))
    assert summary(mixed).outcome == "mixed" and summary(mixed).author_email is None


# --- appeals -------------------------------------------------------------------------------


def stored_case(kind: CaseKind, details: dict[str, Any], received_at: datetime = NOW) -> Case:
    prefix = {CaseKind.APPEAL: "AP", CaseKind.AUTHORITY_MESSAGE: "AU"}[kind]
    return Case(
        reference=f"{prefix}-7KQ4-M2XD",
        kind=kind,
        status=CaseStatus.RECEIVED,
        submission_id="s",
        received_at=received_at,
        language="fr",
        details=details,
    )


def appeal_case(contested: str | None) -> Case:
    details: dict[str, Any] = {
        "appellant": {"role": "notifier", "case_reference": contested},
        "name": "Claire Martin",
        "email": NOTIFIER_EMAIL,
        "explanation": "The review is still online and still off topic.",
    }
    if contested is not None:
        details["contested_case"] = contested
    return stored_case(CaseKind.APPEAL, details)


def contested_decision() -> NoticeDecision:
    case = notice_case(reviews=2)
    return decided(case, review_decision(1), review_decision(2))


REASONS = "On a second reading, the review describes the phone's battery, which is on topic."
LATER = NOW + timedelta(days=3)


def test_an_upheld_appeal_reverses_the_decision_with_its_time() -> None:
    contested = contested_decision()
    appeal = appeal_case(contested.case_reference)

    record, reversed_decision = decide_appeal(
        appeal,
        {"outcome": "upheld", "reasons": REASONS, "reviews": [2]},
        contested=contested,
        staff=STAFF,
        now=LATER,
    )

    assert record.outcome is AppealOutcome.UPHELD and record.decided_by == STAFF.email
    assert reversed_decision is not None and reversed_decision.reversal is not None
    assert record.reversal == reversed_decision.reversal
    assert reversed_decision.reversal.reviews == (2,)
    assert reversed_decision.reversal.contested_case == contested.case_reference
    assert reversed_decision.reversal.reversed_at == LATER
    assert reversed_decision.reversal.appeal_reference == appeal.reference
    assert reversed_decision.reviews == contested.reviews  # the original stays on record
    restored = record_restoration(reversed_decision, LATER + timedelta(hours=1))
    assert restored.reversal is not None
    assert restored.reversal.restored_at == LATER + timedelta(hours=1)


def test_a_rejected_appeal_changes_nothing() -> None:
    contested = contested_decision()

    record, reversed_decision = decide_appeal(
        appeal_case(contested.case_reference),
        {"outcome": "rejected", "reasons": REASONS},
        contested=contested,
        staff=STAFF,
        now=LATER,
    )

    assert record.outcome is AppealOutcome.REJECTED and reversed_decision is None
    assert record.reversal is None


def test_an_upheld_appeal_without_a_case_of_ours_records_its_reversal() -> None:
    record, reversed_decision = decide_appeal(
        appeal_case(None),
        {"outcome": "upheld", "reasons": REASONS},
        contested=None,
        staff=STAFF,
        now=LATER,
    )

    assert reversed_decision is None
    assert record.reversal is not None and record.reversal.contested_case is None
    assert record.reversal.reversed_at == LATER
    assert restored(record.reversal, LATER + timedelta(days=1)).restored_at == LATER + timedelta(
        days=1
    )
    with pytest.raises(InvalidSubmission) as error:
        restored(record.reversal, NOW)
    assert error.value.code == "time_before_decision"


def test_an_automated_process_cannot_decide_an_appeal() -> None:
    contested = contested_decision()

    with pytest.raises(InvalidSubmission) as error:
        decide_appeal(
            appeal_case(contested.case_reference),
            {"outcome": "rejected", "reasons": REASONS},
            contested=contested,
            staff=Staff(email="worker", automated=True),
            now=LATER,
        )

    assert error.value.code == "appeal_needs_a_person"


def test_a_decision_is_reversed_once() -> None:
    contested = contested_decision()
    appeal = appeal_case(contested.case_reference)
    upheld = {"outcome": "upheld", "reasons": REASONS}
    _, reversed_decision = decide_appeal(
        appeal, upheld, contested=contested, staff=STAFF, now=LATER
    )

    with pytest.raises(AlreadyDecided):
        decide_appeal(appeal, upheld, contested=reversed_decision, staff=STAFF, now=LATER)


@pytest.mark.parametrize(
    ("contested_reference", "content", "code"),
    [
        ("other", {"outcome": "upheld", "reasons": REASONS}, "no_decision_to_reverse"),
        ("same", {"outcome": "upheld", "reasons": REASONS, "reviews": [3]}, "review_not_in_notice"),
        ("same", {"outcome": "upheld", "reasons": "too short"}, "too_short"),
        ("same", {"outcome": "maybe", "reasons": REASONS}, "enum"),
    ],
)
def test_an_appeal_decision_breaking_a_rule_is_refused(
    contested_reference: str | None, content: dict[str, Any], code: str
) -> None:
    contested = contested_decision()
    reference = contested.case_reference if contested_reference == "same" else "NT-0000-0000"

    with pytest.raises((DomainError, ValidationError)) as error:
        decide_appeal(appeal_case(reference), content, contested=contested, staff=STAFF, now=LATER)

    assert code_of(error)[0] == code


# --- authority orders ----------------------------------------------------------------------


def authority_case() -> Case:
    details = {"official_email": "dsc@arcom.fr"}
    return stored_case(CaseKind.AUTHORITY_MESSAGE, details, received_at=RECEIVED)


def test_a_time_left_out_is_the_time_of_recording() -> None:
    record = record_authority_order(
        authority_case(),
        {"effect": "The offers named were withdrawn.", "user_informed": True},
        staff=STAFF,
        now=NOW,
    )

    assert record.receipt_confirmed_at == record.effect_given_at == record.user_informed_at == NOW
    bare = record_authority_order(authority_case(), {}, staff=STAFF, now=NOW)
    assert (bare.effect_given_at, bare.user_informed_at) == (None, None)


def test_an_authority_order_record_keeps_each_time() -> None:
    record = record_authority_order(
        authority_case(),
        {
            "receipt_confirmed_at": "2026-11-20T10:00:00+01:00",
            "effect": "The two reviews named in the order were removed in France.",
            "effect_given_at": "2026-11-21T15:00:00+01:00",
            "user_informed": True,
            "user_informed_at": "2026-11-21T16:00:00+01:00",
        },
        staff=STAFF,
        now=NOW,
    )

    assert record.receipt_confirmed_at == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert record.effect_given_at == datetime(2026, 11, 21, 14, 0, tzinfo=UTC)
    assert record.user_informed and record.user_informed_at is not None
    assert record.recorded_by == STAFF.email


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        (
            {"receipt_confirmed_at": "2026-11-20T08:00:00+00:00"},
            "time_before_receipt",
            "receipt_confirmed_at",
        ),
        (
            {"receipt_confirmed_at": "2026-11-23T08:00:00+00:00"},
            "date_in_future",
            "receipt_confirmed_at",
        ),
        (
            {"receipt_confirmed_at": "2026-11-20T10:00:00"},
            "time_zone_required",
            "receipt_confirmed_at",
        ),
        ({"effect_given_at": "2026-11-21T10:00:00+00:00"}, "required", "effect"),
        (
            {"user_informed_at": "2026-11-21T10:00:00+00:00"},
            "user_informed_not_confirmed",
            "user_informed",
        ),
    ],
)
def test_an_authority_order_record_breaking_a_rule_is_refused(
    changes: dict[str, Any], code: str, field: str
) -> None:
    content = {"receipt_confirmed_at": "2026-11-20T10:00:00+00:00"} | changes

    with pytest.raises(InvalidSubmission) as error:
        record_authority_order(authority_case(), content, staff=STAFF, now=NOW)

    assert (error.value.code, error.value.field) == (code, field)


def test_an_upheld_ground_keeps_the_criteria_as_stable_codes() -> None:
    decision = decided(notice_case(reviews=1), review_decision(1))

    ground = decision.reviews[0].ground
    assert isinstance(ground, ReviewRulesGround)
    assert [criterion.value for criterion in ground.criteria] == ["off_topic"]


# --- every code has a sentence -------------------------------------------------------------

RAISED = re.compile(r'(?:PydanticCustomError|InvalidSubmission)\(\s*f?"(\w+?)(\{[^}]*\})?"')
DOMAIN = Path(__file__).resolve().parents[2] / "functions" / "portal" / "domain"


def test_every_code_a_decision_can_raise_has_a_sentence() -> None:
    codes: set[str] = {AlreadyDecided.code}
    for module in ("decisions.py", "statements.py"):
        for code, formatted in RAISED.findall((DOMAIN / module).read_text("utf-8")):
            codes |= (
                {
                    f"{code}{finding}"
                    for finding in ("email", "number", "web_address", "name", "quotation")
                }
                if formatted
                else {code}
            )

    assert len(codes) > 15
    assert sorted(codes - set(ERROR_SENTENCES)) == []
