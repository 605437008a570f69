"""pydantic's length errors as the portal's codes: text counts characters, lists count items."""

import pytest
from pydantic import ValidationError

from portal.api.field_errors import field_error
from portal.domain.decisions import ReviewRulesGround


def only_error(content: dict[str, object]) -> dict[str, object]:
    with pytest.raises(ValidationError) as raised:
        ReviewRulesGround.model_validate(content)
    [error] = raised.value.errors()
    return dict(error)


def test_an_empty_tuple_of_choices_asks_for_items_not_characters() -> None:
    error = only_error({"basis": "review_rules", "criteria": [], "explanation": "x" * 30})

    found = field_error(error, "en")

    assert (found.field, found.code) == ("criteria", "too_few_items")
    assert "characters" not in found.message


def test_short_text_still_counts_characters() -> None:
    error = only_error({"basis": "review_rules", "criteria": ["off_topic"], "explanation": "short"})

    found = field_error(error, "en")

    assert found.field == "explanation"
    assert "20" in found.message
