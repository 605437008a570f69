"""
The statement of reasons builder: one statement per restricted review, accepted by the
database's rules (the local stand-in) for any decision staff can record, and free of
personal data whatever staff typed.
"""

import re
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.domain.criteria import Criterion
from portal.domain.decisions import NoticeDecision
from portal.domain.errors import DomainError
from portal.domain.sor_vocabulary import CATEGORIES, EEA_COUNTRIES, KEYWORDS
from portal.domain.statements import Statement, notice_statements, payload, puid
from portal.local.transparency_db import (
    TransparencyDatabase,
    schema,
    unenforced_rule_breaches,
    validate,
)
from tests.unit.decision_inputs import (
    NOTICE_EXPLANATION,
    NOTIFIER_EMAIL,
    NOTIFIER_NAME,
    NOW,
    RULES_URL,
    decided,
    illegal_ground,
    notice_case,
    review_decision,
    rules_ground,
)

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def statements_of(decision: NoticeDecision) -> list[dict[str, Any]]:
    return [payload(statement) for statement in notice_statements(decision, rules_url=RULES_URL)]


def test_only_restricted_reviews_get_a_statement() -> None:
    case = notice_case(reviews=3)

    built = statements_of(
        decided(
            case,
            review_decision(1, "remove"),
            review_decision(2, "no_action"),
            review_decision(3, "label", has_photos=True, restricted_until="2027-02-01"),
        )
    )

    assert [statement["puid"] for statement in built] == [
        f"{case.reference}-R01",
        f"{case.reference}-R03",
    ]
    assert built[0]["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_REMOVED"]
    assert built[1]["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_LABELLED"]
    assert built[1]["content_type"] == ["CONTENT_TYPE_IMAGE", "CONTENT_TYPE_TEXT"]
    assert built[1]["end_date_visibility_restriction"] == "2027-02-01"
    assert built[0]["application_date"] == "2026-11-22"
    assert built[0]["content_date"] == "2026-10-01"


@pytest.mark.parametrize(
    ("basis", "source_type"),
    [("illegal_content", "SOURCE_ARTICLE_16"), ("review_rules", "SOURCE_TYPE_OTHER_NOTIFICATION")],
)
def test_the_notices_basis_sets_the_source(basis: str, source_type: str) -> None:
    # Whatever ground staff find: an illegal-content notice may end in a rules decision.
    for ground in (illegal_ground(), rules_ground()):
        decision = decided(notice_case(basis, reviews=1), review_decision(1, ground=ground))

        (statement,) = statements_of(decision)

        assert statement["source_type"] == source_type
        assert "source_identity" not in statement  # never the notifier


def test_each_ground_fills_its_own_fields() -> None:
    (illegal,) = statements_of(
        decided(
            notice_case("illegal_content", reviews=1), review_decision(1, ground=illegal_ground())
        )
    )
    (rules,) = statements_of(
        decided(notice_case(reviews=1), review_decision(1, ground=rules_ground("hatred")))
    )

    assert illegal["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"
    assert illegal["illegal_content_legal_ground"] == illegal_ground()["legal_ground"]
    assert not any(field.startswith("incompatible") for field in illegal)
    assert rules["decision_ground"] == "DECISION_GROUND_INCOMPATIBLE_CONTENT"
    assert rules["incompatible_content_ground"].endswith("moderation criteria: hatred")
    assert rules["incompatible_content_illegal"] == "Yes"  # hatred is itself illegal
    assert rules["decision_ground_reference_url"] == RULES_URL
    assert not any(field.startswith("illegal_content") for field in rules)


def test_the_puid_is_stable_and_unique_per_case_and_review() -> None:
    first, second = notice_case(reviews=2), notice_case(reviews=2)
    reviews = (review_decision(1), review_decision(2))

    once = [s["puid"] for s in statements_of(decided(first, *reviews))]
    again = [s["puid"] for s in statements_of(decided(first, *reviews))]
    other = [s["puid"] for s in statements_of(decided(second, *reviews))]

    assert once == again
    assert len(set(once + other)) == 4
    assert all(re.fullmatch(r"[A-Z]{2}-[0-9A-Z]{4}-[0-9A-Z]{4}-R\d\d", value) for value in once)
    assert puid("NT-7KQ4-M2XD", 20) == "NT-7KQ4-M2XD-R20"


# --- sor-schema.json's mapping examples ----------------------------------------------------


def concrete(example: dict[str, Any]) -> dict[str, Any]:
    """The example's fixed values; `<...>` placeholders are for us to fill."""
    return {
        field: value
        for field, value in example.items()
        if not (isinstance(value, str) and value.startswith("<"))
    }


EXAMPLES = {
    name: example
    for name, example in schema()["marketplace_mapping_examples"].items()
    if isinstance(example, dict)
}


def test_the_off_topic_example_is_what_we_build() -> None:
    example = concrete(EXAMPLES["review_removed_for_TnC_breach_after_third_party_request"])
    decision = decided(notice_case(reviews=1), review_decision(1, author_account="private"))

    (statement,) = statements_of(decision)

    assert {field: statement.get(field) for field in example} == example


def test_the_defamation_example_is_what_we_build() -> None:
    example = concrete(EXAMPLES["defamatory_review_removed_after_art16_notice"])
    decision = decided(
        notice_case("illegal_content", reviews=1),
        review_decision(
            1,
            ground=illegal_ground(),
            category="STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
            keywords=["KEYWORD_DEFAMATION"],
        ),
    )

    (statement,) = statements_of(decision)

    assert {field: statement.get(field) for field in example} == example


def test_the_fake_review_example_gets_its_category_from_the_criterion() -> None:
    example = concrete(EXAMPLES["fake_review_removed_own_initiative"])
    decision = decided(
        notice_case(reviews=1), review_decision(1, ground=rules_ground("false_or_by_seller"))
    )

    (statement,) = statements_of(decision)

    assert statement["category"] == example["category"]
    assert statement["category_specification"] == example["category_specification"]
    # The portal decides on notices only: never on its own initiative.
    assert statement["source_type"] == "SOURCE_TYPE_OTHER_NOTIFICATION"


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_mapping_example_on_our_statement_is_accepted(name: str) -> None:
    example = concrete(EXAMPLES[name])
    basis = "illegal_content" if "ILLEGAL" in example.get("decision_ground", "") else "review_rules"
    ground = illegal_ground() if basis == "illegal_content" else rules_ground()
    (statement,) = statements_of(
        decided(notice_case(basis, reviews=1), review_decision(1, ground=ground))
    )
    if "decision_account" in example:  # an account decision restricts no content
        statement.pop("decision_visibility")
    if (
        "category_specification" in example
        and "KEYWORD_OTHER" not in example["category_specification"]
    ):
        statement.pop("category_specification_other", None)
    merged = statement | example

    assert validate(merged) == {}
    assert unenforced_rule_breaches(merged) == []
    assert payload(Statement.model_validate(merged)) == merged
    assert TransparencyDatabase().post_statements({"statements": [merged]}, {}, NOW)[0] == 201


# --- any decision staff can record ---------------------------------------------------------

SENTENCES = [
    "A third party reported the review under the review rules.",
    "Staff compared the review with the product sold in the order.",
    "The review describes the delivery rather than the device.",
    "The text was checked against the published moderation criteria.",
    "Staff found the review promotes another marketplace.",
]
text = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4).map(" ".join)
rules_grounds = st.builds(
    lambda criteria, explanation: {
        "basis": "review_rules",
        "criteria": criteria,
        "explanation": explanation,
    },
    st.lists(st.sampled_from(list(Criterion)), min_size=1, max_size=4, unique=True).map(
        lambda criteria: [criterion.value for criterion in criteria]
    ),
    text,
)
illegal_grounds = st.builds(
    lambda law, explanation: {
        "basis": "illegal_content",
        "legal_ground": law,
        "explanation": explanation,
    },
    st.sampled_from(
        [
            "Loi du 29 juillet 1881, art. 29",
            "Code de la consommation, art. L121-1",
            "Regulation (EU) 2022/2065, Art. 16",
            "Wetboek van Strafrecht, art. 261",
        ]
    ),
    text,
)
DECIDED_ON = date(2026, 11, 22)


@st.composite
def review_decisions(draw: st.DrawFn, number: int) -> dict[str, Any]:
    outcome = draw(st.sampled_from(["remove", "demote", "label", "no_action"]))
    decision: dict[str, Any] = {
        "review": number,
        "outcome": outcome,
        "facts": draw(text),
        "automated_detection": draw(st.booleans()),
        "automated_decision": draw(st.sampled_from(["not_automated", "partially", "fully"])),
        "territorial_scope": draw(
            st.lists(st.sampled_from(EEA_COUNTRIES), min_size=1, unique=True)
        ),
        "has_photos": draw(st.booleans()),
        "author_account": draw(st.sampled_from([None, "private", "business"])),
    }
    if outcome != "no_action":
        decision["ground"] = draw(st.one_of(rules_grounds, illegal_grounds))
        # Some outside the database's ranges: those are refused before anything is built.
        published = draw(st.dates(date(1995, 1, 1), DECIDED_ON))
        decision["published_on"] = published.isoformat()
        if draw(st.booleans()):
            days = draw(st.integers(1, 5000))
            decision["restricted_until"] = (DECIDED_ON + timedelta(days=days)).isoformat()
    if draw(st.booleans()):
        decision["category"] = draw(st.sampled_from(CATEGORIES))
        decision["keywords"] = draw(st.lists(st.sampled_from(KEYWORDS), max_size=4, unique=True))
        described = "KEYWORD_OTHER" in decision["keywords"] or draw(st.booleans())
        if described:  # R08: staff must describe KEYWORD_OTHER, or the decision is refused
            decision["keyword_other"] = "Review about a service, not a product"
    return decision


@st.composite
def notice_decisions(draw: st.DrawFn) -> tuple[str, list[dict[str, Any]]]:
    basis = draw(st.sampled_from(["illegal_content", "review_rules"]))
    count = draw(st.integers(1, 3))
    return basis, [draw(review_decisions(number)) for number in range(1, count + 1)]


@PROPERTY
@given(notice_decisions())
def test_every_statement_we_build_is_accepted_by_the_database(
    drawn: tuple[str, list[dict[str, Any]]],
) -> None:
    basis, reviews = drawn
    try:
        decision = decided(notice_case(basis, reviews=len(reviews)), *reviews)
    except DomainError as refused:
        assert refused.code == "date_out_of_range"  # the only refusal these inputs meet
        return
    built = statements_of(decision)

    assert len(built) == sum(review["outcome"] != "no_action" for review in reviews)
    for statement in built:
        assert validate(statement) == {}
        assert unenforced_rule_breaches(statement) == []
    if built:
        status, _ = TransparencyDatabase().post_statements({"statements": built}, {}, NOW)
        assert status == 201


# --- no personal data ----------------------------------------------------------------------

names = st.from_regex(r"[A-Z][a-z]{3,9} [A-Z][a-z]{3,9}", fullmatch=True)
emails = st.from_regex(r"[a-z]{2,8}(\.[a-z]{2,8})?@[a-z]{3,9}\.(fr|com|nl|de)", fullmatch=True)
order_numbers = st.one_of(
    st.integers(10**5, 10**10).map(str),
    st.from_regex(r"(BM|ORD)-?[0-9]{6,10}", fullmatch=True),
)
phones = st.from_regex(r"\+33 [67]( [0-9]{2}){4}", fullmatch=True)
FIELDS = ["facts", "ground.explanation", "ground.legal_ground", "keyword_other"]
REVIEW_QUOTE = "the seller shipped a broken phone and the courier was rude"


@st.composite
def leaks(draw: st.DrawFn) -> tuple[str, str, str]:
    """(the case's notifier name, what leaks, where): a name, e-mail, number or quotation."""
    name = draw(names)
    kind = draw(
        st.sampled_from(
            ["name", "surname", "titled", "email", "notifier_email", "order", "phone", "quote"]
        )
    )
    leaked = {
        "name": name,
        "surname": name.split()[1],
        "titled": f"Mme {draw(names).split()[1]}",
        "email": draw(emails),
        "notifier_email": NOTIFIER_EMAIL,
        "order": draw(order_numbers),
        "phone": draw(phones),
        "quote": REVIEW_QUOTE,
    }[kind]
    return name, leaked, draw(st.sampled_from(FIELDS))


@PROPERTY
@given(leaks(), st.sampled_from(["illegal_content", "review_rules"]), st.integers(0, 3))
def test_personal_data_never_reaches_a_statement(
    leak: tuple[str, str, str], basis: str, position: int
) -> None:
    name, leaked, where = leak
    case = notice_case(basis, reviews=1, name=name)
    ground = illegal_ground() if basis == "illegal_content" else rules_ground()
    words = (ground["explanation"] if where.startswith("ground") else SENTENCES[0]).split()
    words.insert(min(position, len(words)), leaked)
    placed = " ".join(words)
    review = review_decision(
        1,
        ground=ground,
        category="STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
        keywords=["KEYWORD_OTHER"],
        keyword_other="Review about a service",
    )
    if where == "facts":
        review["facts"] = placed
    elif where == "keyword_other":
        review["keyword_other"] = f"Review about {leaked}"
    elif where == "ground.legal_ground":
        if basis != "illegal_content":
            return
        ground["legal_ground"] = f"{ground['legal_ground']} {leaked}"
    else:
        ground["explanation"] = placed

    # Every leak of these kinds is found: staff are asked to rephrase, nothing is built.
    with pytest.raises(DomainError) as refused:
        statements_of(decided(case, review))

    assert refused.value.code.startswith("personal_data_")


def test_the_notifiers_name_and_address_and_the_notice_are_never_copied() -> None:
    decision = decided(notice_case(reviews=2), review_decision(1), review_decision(2, "demote"))

    for statement in statements_of(decision):
        published = " ".join(str(value) for value in statement.values()).lower()
        assert NOTIFIER_NAME.lower().split()[1] not in published
        assert NOTIFIER_EMAIL not in published and "@" not in published
        assert NOTICE_EXPLANATION[:40].lower() not in published
        assert "rv-9q2x" not in published and "backmarket." not in published
