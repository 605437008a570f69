"""
Every error code the code can produce has a sentence, and every sentence is translated.
"""

import re
from pathlib import Path

import pytest

from portal.api.errors import _FIELD_CODES, DOMAIN_STATUSES
from portal.api.messages import MESSAGES, message
from portal.domain import errors

SOURCES = Path(__file__).resolve().parents[2] / "functions" / "portal"
RAISED = re.compile(
    r'(?:PydanticCustomError|InvalidSubmission|ConfirmationFailed|ChallengeFailed|DomainError)\(\s*"(\w+)"'
)


def produced_codes() -> set[str]:
    codes = {
        code for path in SOURCES.rglob("*.py") for code in RAISED.findall(path.read_text("utf-8"))
    }
    codes |= {
        cls.code
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.DomainError)
    }
    codes |= {code for code, _ in _FIELD_CODES.values()} | set(DOMAIN_STATUSES)
    return codes


def test_every_code_the_code_can_produce_has_a_message() -> None:
    codes = produced_codes()

    assert len(codes) > 40
    assert sorted(codes - set(MESSAGES)) == []


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_every_message_is_translated(language: str) -> None:
    untranslated = [
        code
        for code in MESSAGES
        if message(
            code,
            language,
            limit=1,
            min_length=1,
            max_length=1,
            minimum=1,
            maximum=1,
            closed_on="2026-01-01",
            request_id="r",
        )
        == message(
            code,
            "en",
            limit=1,
            min_length=1,
            max_length=1,
            minimum=1,
            maximum=1,
            closed_on="2026-01-01",
            request_id="r",
        )
    ]

    assert untranslated == []


def test_dates_in_messages_are_written_for_the_reader() -> None:
    assert "21. November 2026" in message("appeal_window_closed", "de", closed_on="2026-11-21")
    assert "21 novembre 2026" in message("appeal_window_closed", "fr", closed_on="2026-11-21")
