"""
The Transparency Database's rules (sor-schema.json): for each one, the local stand-in
refuses a statement that breaks it, with the database's message, and our builder's
`Statement` cannot hold such a statement. Rules the database documents but does not
enforce are accepted by the stand-in, as by the real one, and still never built by us.
"""

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from portal.domain.statements import Statement, batches, notice_statements, payload
from portal.local.transparency_db import (
    PUID_NOT_UNIQUE_BATCH,
    PUID_NOT_UNIQUE_SINGLE,
    TransparencyDatabase,
    handle,
    rules,
    schema,
    unenforced_rule_breaches,
    validate,
)
from tests.unit.decision_inputs import (
    RULES_URL,
    decided,
    illegal_ground,
    notice_case,
    review_decision,
)

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
TOKEN = "local-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def built(basis: str = "review_rules", **changes: Any) -> dict[str, Any]:
    """A statement as our builder makes it, for a notice of this basis."""
    if basis == "illegal_content":
        changes = {"ground": illegal_ground()} | changes
    decision = decided(notice_case(basis, reviews=1), review_decision(1, **changes))
    return payload(notice_statements(decision, rules_url=RULES_URL)[0])


RULES_BASED = built()
ILLEGAL_BASED = built("illegal_content")


def broken(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The statement with fields changed; a value of None leaves the field out."""
    statement = dict(base)
    for field, value in changes.items():
        if value is None:
            statement.pop(field, None)
        else:
            statement[field] = value
    return statement


REQUIRED = "The {} field is required."
REQUIRED_NONE_OF = "The {} field is required when none of {} are present."
INVALID = "The selected {} is invalid."
TOO_LONG = "The {} field must not be greater than {} characters."

# (rule, statement breaking it, field, the database's message)
ENFORCED: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "R01_at_least_one_restriction",
        broken(RULES_BASED, decision_visibility=None),
        "decision_visibility",
        REQUIRED_NONE_OF.format(
            "decision visibility", "decision monetary / decision provision / decision account"
        ),
    ),
    (
        "R01_at_least_one_restriction",
        broken(RULES_BASED, decision_visibility=[]),
        "decision_account",
        REQUIRED_NONE_OF.format(
            "decision account", "decision visibility / decision monetary / decision provision"
        ),
    ),
    (
        "R02_visibility_other",
        broken(RULES_BASED, decision_visibility=["DECISION_VISIBILITY_OTHER"]),
        "decision_visibility_other",
        REQUIRED.format("decision visibility other"),
    ),
    (
        "R03_monetary_other",
        broken(RULES_BASED, decision_monetary="DECISION_MONETARY_OTHER"),
        "decision_monetary_other",
        "The decision monetary other field is required when decision monetary is other.",
    ),
    (
        "R04_illegal_ground",
        broken(ILLEGAL_BASED, illegal_content_legal_ground=None),
        "illegal_content_legal_ground",
        "The illegal content legal ground field is required when decision ground is illegal content.",
    ),
    (
        "R04_illegal_ground",
        broken(ILLEGAL_BASED, illegal_content_explanation=""),
        "illegal_content_explanation",
        "The illegal content explanation field is required when decision ground is illegal content.",
    ),
    (
        "R05_incompatible_ground",
        broken(RULES_BASED, incompatible_content_ground=None),
        "incompatible_content_ground",
        "The incompatible content ground field is required when decision ground is incompatible content.",
    ),
    (
        "R05_incompatible_ground",
        broken(ILLEGAL_BASED, decision_ground="DECISION_GROUND_INCOMPATIBLE_CONTENT"),
        "incompatible_content_explanation",
        "The incompatible content explanation field is required when decision ground is incompatible content.",
    ),
    (
        "R06_content_type_other",
        broken(RULES_BASED, content_type=["CONTENT_TYPE_OTHER"]),
        "content_type_other",
        REQUIRED.format("content type other"),
    ),
    (
        "R09_dates",
        broken(RULES_BASED, content_date="2026-1-05"),
        "content_date",
        "The content date does not match the format YYYY-MM-DD.",
    ),
    (
        "R09_dates",
        broken(RULES_BASED, content_date="1999-12-31"),
        "content_date",
        "The content date field must be a date after or equal to 2000-01-01.",
    ),
    (
        "R09_dates",
        broken(RULES_BASED, application_date="2019-12-31"),
        "application_date",
        "The application date field must be a date after or equal to 2020-01-01.",
    ),
    (
        "R09_dates",
        broken(RULES_BASED, application_date="2038-01-02"),
        "application_date",
        "The application date field must be a date before or equal to 2038-01-01.",
    ),
    (
        "R09_dates",
        broken(RULES_BASED, end_date_visibility_restriction="2038-01-02"),
        "end_date_visibility_restriction",
        "The end date visibility restriction field must be a date before or equal to 2038-01-01.",
    ),
    (
        "R09_dates",
        broken(RULES_BASED, end_date_visibility_restriction="22/11/2027"),
        "end_date_visibility_restriction",
        "The end date of visibility restriction does not match the format YYYY-MM-DD.",
    ),
    (
        "R12_puid",
        broken(RULES_BASED, puid="NT 7KQ4 M2XD"),
        "puid",
        "The puid format is invalid.",
    ),
    (
        "R12_puid",
        broken(RULES_BASED, puid="NT-7KQ4-M2XD-R01\n"),
        "puid",
        "The puid format is invalid.",
    ),
    ("R12_puid", broken(RULES_BASED, puid=None), "puid", REQUIRED.format("puid")),
    (
        "R14_territorial_scope_codes",
        broken(RULES_BASED, territorial_scope=["FR", "EL"]),
        "territorial_scope",
        INVALID.format("territorial scope"),
    ),
    (
        "R14_territorial_scope_codes",
        broken(RULES_BASED, territorial_scope=["GB"]),
        "territorial_scope",
        INVALID.format("territorial scope"),
    ),
    # The schema's notes: no longer accepted since the 1 July 2025 schema, or reports only.
    (
        "R13_enum_membership",
        broken(RULES_BASED, category_specification=["KEYWORD_DANGEROUS_TOYS"]),
        "category_specification",
        INVALID.format("category specification"),
    ),
    (
        "R13_enum_membership",
        broken(RULES_BASED, category="STATEMENT_CATEGORY_NOT_SPECIFIED_ORDER"),
        "category",
        INVALID.format("category"),
    ),
    (
        "R13_enum_membership",
        broken(RULES_BASED, automated_detection="yes"),
        "automated_detection",
        INVALID.format("automated detection"),
    ),
    (
        "R13_enum_membership",
        broken(RULES_BASED, automated_decision="No"),
        "automated_decision",
        INVALID.format("automated decision"),
    ),
]

# Every field R13 names, given a value outside its list.
_TRIGGERS = {"incompatible_content_illegal": RULES_BASED}
for _field, _enum in rules()["R13_enum_membership"]["check"]["map"].items():
    _array = str(schema()["fields"][_field]["type"]).startswith("array")
    ENFORCED.append(
        (
            "R13_enum_membership",
            broken(
                _TRIGGERS.get(_field, RULES_BASED),
                **{_field: ["NOT_LISTED"] if _array else "NOT_LISTED"},
            ),
            _field,
            INVALID.format(_field.replace("_", " ")),
        )
    )

# Every length R17 names, one character over; conditional fields with their trigger.
_LENGTH_TRIGGERS: dict[str, dict[str, Any]] = {
    "decision_visibility_other": broken(
        RULES_BASED, decision_visibility=["DECISION_VISIBILITY_OTHER"]
    ),
    "decision_monetary_other": broken(RULES_BASED, decision_monetary="DECISION_MONETARY_OTHER"),
    "illegal_content_legal_ground": ILLEGAL_BASED,
    "illegal_content_explanation": ILLEGAL_BASED,
    "content_type_other": broken(RULES_BASED, content_type=["CONTENT_TYPE_OTHER"]),
}
for _field, _limit in rules()["R17_max_lengths"]["check"]["map"].items():
    _value = "a" * (_limit + 1)
    if _field == "decision_ground_reference_url":
        _value = "https://portal.example.eu/" + "a" * _limit
    ENFORCED.append(
        (
            "R17_max_lengths",
            broken(_LENGTH_TRIGGERS.get(_field, RULES_BASED), **{_field: _value}),
            _field,
            TOO_LONG.format(_field.replace("_", " "), _limit),
        )
    )

# Documented (or ours) but not refused by the database's code: (rule, breaking statement).
UNENFORCED: list[tuple[str, dict[str, Any]]] = [
    ("R08_keyword_other_text", broken(RULES_BASED, category_specification_other=None)),
    (
        "R10_end_after_start",
        broken(RULES_BASED, end_date_visibility_restriction="2026-11-21"),
    ),
    (
        "R11_end_date_matches_restriction",
        broken(RULES_BASED, end_date_account_restriction="2027-01-01"),
    ),
    (
        "R15_no_personal_data",
        broken(RULES_BASED, decision_facts="Reported by Mr Dupont, who asked us to act."),
    ),
    (
        "R15_no_personal_data",
        broken(RULES_BASED, incompatible_content_explanation="Written by buyer@example.com."),
    ),
    ("R15_no_personal_data", broken(RULES_BASED, decision_facts="Order 48213377 was refunded.")),
]


def test_our_statements_are_stored_as_they_are() -> None:
    for statement in (RULES_BASED, ILLEGAL_BASED):
        assert validate(statement) == {}
        assert unenforced_rule_breaches(statement) == []


@pytest.mark.parametrize(("rule", "statement", "field", "message"), ENFORCED)
def test_the_stand_in_refuses_a_statement_breaking_a_rule_with_the_databases_message(
    rule: str, statement: dict[str, Any], field: str, message: str
) -> None:
    assert rule in rules()
    database = TransparencyDatabase(TOKEN)

    status, body = database.post_statements({"statements": [RULES_BASED, statement]}, AUTH, NOW)

    assert status == 422
    assert message in body["errors"]["statement_1"][field]
    assert "statement_0" not in body["errors"]
    assert database.statements() == []  # the whole batch is refused


@pytest.mark.parametrize(("rule", "statement", "field", "message"), ENFORCED)
def test_our_builder_never_holds_a_statement_breaking_a_rule(
    rule: str, statement: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError):
        Statement.model_validate(statement)


@pytest.mark.parametrize(("rule", "statement"), UNENFORCED)
def test_rules_the_database_does_not_enforce_are_ours(rule: str, statement: dict[str, Any]) -> None:
    database = TransparencyDatabase(TOKEN)

    status, _ = database.post_statements({"statements": [statement]}, AUTH, NOW)

    assert status == 201  # like the real database
    assert rule in unenforced_rule_breaches(statement)
    with pytest.raises(ValidationError):
        Statement.model_validate(statement)


def test_a_voluntary_statement_drops_the_source_identity_and_we_never_send_one() -> None:
    statement = broken(RULES_BASED, source_type="SOURCE_VOLUNTARY", source_identity="x" * 501)

    assert validate(statement) == {}  # R07: dropped before its length is checked
    with pytest.raises(ValidationError):
        Statement.model_validate(statement)


def test_fields_of_the_other_ground_are_dropped_not_refused() -> None:
    statement = broken(RULES_BASED, illegal_content_legal_ground="x" * 501)

    assert validate(statement) == {}
    with pytest.raises(ValidationError):
        Statement.model_validate(statement)


def test_every_rule_of_the_schema_is_tested() -> None:
    tested = {rule for rule, *_ in ENFORCED} | {rule for rule, _ in UNENFORCED}
    tested |= {"R07_voluntary_no_identity", "R16_batch"}  # the two tests above and below

    assert tested == set(rules())


# --- the API --------------------------------------------------------------------------------


def numbered(count: int, start: int = 0) -> list[dict[str, Any]]:
    return [
        broken(RULES_BASED, puid=f"NT-TEST-{index:04d}") for index in range(start, start + count)
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"statements": []}, "The statements field is required."),
        ({}, "The statements field is required."),
        ({"statements": {"a": 1}}, "The statements field must be an array."),
        ({"statements": numbered(101)}, "The statements field must have between 1 and 100 items."),
    ],
)
def test_a_batch_holds_1_to_100_statements(body: dict[str, Any], message: str) -> None:
    status, answer = TransparencyDatabase(TOKEN).post_statements(body, AUTH, NOW)

    assert (status, answer) == (422, {"message": message, "errors": {"statements": [message]}})


def test_our_batches_hold_at_most_100() -> None:
    statements = [Statement.model_validate(statement) for statement in numbered(250)]

    assert [len(batch) for batch in batches(statements)] == [100, 100, 50]
    database = TransparencyDatabase(TOKEN)
    for batch in batches(statements):
        status, body = database.post_statements(
            {"statements": [payload(statement) for statement in batch]}, AUTH, NOW
        )
        assert status == 201 and len(body["statements"]) == len(batch)
    assert len(database.statements()) == 250


def test_a_stored_statement_is_answered_with_its_uuid_and_kept_as_submitted() -> None:
    database = TransparencyDatabase(TOKEN)

    status, body = database.post_statements({"statements": [RULES_BASED]}, AUTH, NOW)

    assert status == 201
    stored = body["statements"][0]
    assert stored["puid"] == RULES_BASED["puid"]
    assert stored["created_at"] == "2026-11-22 10:00:00"
    assert stored["self"].endswith(f"/api/v1/statement/{stored['uuid']}")
    assert database.statements() == [RULES_BASED]


def test_a_known_puid_rejects_the_whole_batch() -> None:
    database = TransparencyDatabase(TOKEN)
    database.post_statements({"statements": numbered(1)}, AUTH, NOW)

    status, body = database.post_statements({"statements": numbered(3)}, AUTH, NOW)

    assert status == 422
    assert body == {
        "message": PUID_NOT_UNIQUE_BATCH,
        "errors": {"puid": [PUID_NOT_UNIQUE_BATCH], "existing_puids": ["NT-TEST-0000"]},
    }
    assert len(database.statements()) == 1


def test_a_puid_twice_in_one_batch_is_refused() -> None:
    status, body = TransparencyDatabase(TOKEN).post_statements(
        {"statements": numbered(1) + numbered(1)}, AUTH, NOW
    )

    assert status == 422 and body["errors"]["existing_puids"] == ["NT-TEST-0000"]


def test_the_existing_puid_check_answers_302_or_404() -> None:
    database = TransparencyDatabase(TOKEN)
    database.post_statements({"statements": numbered(1)}, AUTH, NOW)

    assert database.existing_puid("NT-TEST-0000", AUTH)[0] == 302
    assert database.existing_puid("NT-TEST-0001", AUTH) == (
        404,
        {"message": "statement of reason not found", "puid": "NT-TEST-0001"},
    )


def test_the_single_endpoint_answers_like_laravel() -> None:
    database = TransparencyDatabase(TOKEN)
    statement = broken(RULES_BASED, puid="a b", category=None)

    status, body = database.post_statement(statement, AUTH, NOW)

    assert status == 422
    assert body["message"] == "The category field is required. (and 1 more error)"
    assert database.post_statement(RULES_BASED, AUTH, NOW)[0] == 201
    assert database.post_statement(RULES_BASED, AUTH, NOW) == (
        422,
        {
            "message": PUID_NOT_UNIQUE_SINGLE,
            "errors": {"puid": [PUID_NOT_UNIQUE_SINGLE]},
            "existing": {"puid": RULES_BASED["puid"]},
        },
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda db, headers: db.post_statements({"statements": [RULES_BASED]}, headers, NOW),
        lambda db, headers: db.post_statement(RULES_BASED, headers, NOW),
        lambda db, headers: db.existing_puid("x", headers),
    ],
)
def test_a_wrong_token_answers_401(
    call: Callable[[TransparencyDatabase, dict[str, str]], tuple[int, dict[str, Any]]],
) -> None:
    database = TransparencyDatabase(TOKEN)

    assert call(database, {"Authorization": "Bearer other"}) == (
        401,
        {"message": "Unauthenticated."},
    )
    assert call(database, {}) == (401, {"message": "Unauthenticated."})
    assert database.statements() == []


def test_requests_are_routed_like_the_real_api() -> None:
    database = TransparencyDatabase(TOKEN)
    body = json.dumps({"statements": [RULES_BASED]})

    assert handle(database, "POST", "/api/v1/statements", AUTH, body, NOW)[0] == 201
    assert handle(database, "POST", "/api/v1/statements", AUTH, body, NOW)[0] == 422
    assert handle(database, "POST", "/api/v1/statements", AUTH, b"{not json", NOW)[0] == 422
    puid = RULES_BASED["puid"]
    assert (
        handle(database, "GET", f"/api/v1/statement/existing-puid/{puid}", AUTH, None, NOW)[0]
        == 302
    )
    assert handle(database, "GET", "/_dev/transparency-db/statements", {}, None, NOW) == (
        200,
        [RULES_BASED],
    )
    assert handle(database, "DELETE", "/api/v1/statements", AUTH, None, NOW)[0] == 404
