"""
The domain's copy of the Transparency Database's vocabulary agrees with the database's
own lists (local/sor-schema.json), and each criterion's default fits the Annex II tree.
"""

from typing import get_args

import pytest

from portal.domain.criteria import Criterion
from portal.domain.sor_vocabulary import (
    CATEGORIES,
    CRITERION_DEFAULTS,
    EEA_COUNTRIES,
    EU_COUNTRIES,
    KEYWORDS,
    AccountType,
    AutomatedDecision,
    ContentType,
    DecisionGround,
    SourceType,
    Visibility,
    YesNo,
)
from portal.local.transparency_db import enum_values, schema


@pytest.mark.parametrize(
    ("ours", "enum"),
    [
        (get_args(Visibility), "DECISION_VISIBILITY"),
        (get_args(ContentType), "CONTENT_TYPE"),
        (CATEGORIES, "STATEMENT_CATEGORY"),
        (KEYWORDS, "KEYWORD"),
        (get_args(SourceType), "SOURCE_TYPE"),
        (get_args(AutomatedDecision), "AUTOMATED_DECISION"),
        (get_args(YesNo), "YES_NO"),
        (get_args(DecisionGround), "DECISION_GROUND"),
        (get_args(AccountType), "ACCOUNT_TYPE"),
        (EEA_COUNTRIES, "EEA_COUNTRY"),
        (EU_COUNTRIES, "EU_COUNTRY"),
    ],
)
def test_our_lists_are_the_databases(ours: tuple[str, ...], enum: str) -> None:
    assert sorted(ours) == sorted(enum_values(enum))


def tree() -> dict[str, set[str]]:
    return {
        node["category"]: {keyword["key"] for keyword in node["keywords"]}
        for node in schema()["category_hierarchy"]
    }


def test_every_criterion_has_a_default() -> None:
    assert set(CRITERION_DEFAULTS) == set(Criterion)


@pytest.mark.parametrize("criterion", list(Criterion))
def test_each_default_keyword_belongs_to_its_category(criterion: Criterion) -> None:
    default = CRITERION_DEFAULTS[criterion]

    assert default.category in tree()
    assert set(default.keywords) <= tree()[default.category]
    # KEYWORD_OTHER is described (R08), within the database's 500 characters.
    assert ("KEYWORD_OTHER" in default.keywords) == bool(default.keyword_other)
    assert len(default.keyword_other) <= 500


def test_the_schemas_examples_are_our_defaults() -> None:
    examples = schema()["marketplace_mapping_examples"]
    off_topic = examples["review_removed_for_TnC_breach_after_third_party_request"]
    fake = examples["fake_review_removed_own_initiative"]

    assert CRITERION_DEFAULTS[Criterion.OFF_TOPIC].category == off_topic["category"]
    assert (
        list(CRITERION_DEFAULTS[Criterion.OFF_TOPIC].keywords)
        == off_topic["category_specification"]
    )
    assert (
        CRITERION_DEFAULTS[Criterion.OFF_TOPIC].keyword_other
        == off_topic["category_specification_other"]
    )
    assert CRITERION_DEFAULTS[Criterion.FALSE_OR_BY_SELLER].category == fake["category"]
    assert (
        list(CRITERION_DEFAULTS[Criterion.FALSE_OR_BY_SELLER].keywords)
        == fake["category_specification"]
    )


def test_the_repositorys_schema_is_the_research_notes_copy() -> None:
    # The stand-in reads its rules from this copy: the commit it summarises is named.
    assert schema()["meta"]["commit_read"] == "69e80a0bc8eb3cbfbe8246e898194c3bdf490a4b"
    assert {rule["id"][:3] for rule in schema()["rules"]} == {f"R{n:02d}" for n in range(1, 18)}
