"""
Every error code the code can produce has a sentence, and every sentence is translated.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from portal.api.errors import _FIELD_CODES, DOMAIN_STATUSES
from portal.api.messages import MESSAGES, message
from portal.domain import errors

RAISED = re.compile(
    r'(?:PydanticCustomError|InvalidSubmission|ConfirmationFailed|ChallengeFailed|DomainError|BodyRefusal)\(\s*"(\w+)"'
)


def api_sources() -> list[str]:
    """
    The source of every portal module the API imports: the only errors a sender can meet.
    A fresh interpreter finds them, so that modules other tests imported are not counted.
    """
    listing = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, portal.api.app\n"
            "for name, module in sorted(sys.modules.items()):\n"
            "    if name.startswith('portal.') and getattr(module, '__file__', None):\n"
            "        print(module.__file__)",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    files = listing.stdout.split()
    assert any(file.endswith("api/app.py") for file in files)
    return [Path(file).read_text("utf-8") for file in files]


def produced_codes() -> set[str]:
    sources = api_sources()
    codes = {code for text in sources for code in RAISED.findall(text)}
    raised_classes = {
        cls.code
        for cls in vars(errors).values()
        if isinstance(cls, type)
        and issubclass(cls, errors.DomainError)
        and any(
            re.search(rf"\b{cls.__name__}\b", text)
            for text in sources
            if "class DomainError" not in text
        )
    }
    return (
        codes | raised_classes | {code for code, _ in _FIELD_CODES.values()} | set(DOMAIN_STATUSES)
    )


def test_every_code_the_code_can_produce_has_a_message() -> None:
    codes = produced_codes()

    assert len(codes) > 40
    assert sorted(codes - set(MESSAGES)) == []


# A value for every parameter any message takes.
PARAMS = {
    "limit": 1,
    "min_length": 1,
    "max_length": 1,
    "minimum": 1,
    "maximum": 1,
    "closed_on": "2026-01-01",
    "request_id": "r",
}


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_every_message_is_translated(language: str) -> None:
    untranslated = [
        code
        for code in MESSAGES
        if message(code, language, **PARAMS) == message(code, "en", **PARAMS)
    ]

    assert untranslated == []


def test_dates_in_messages_are_written_for_the_reader() -> None:
    assert "21. November 2026" in message("appeal_window_closed", "de", closed_on="2026-11-21")
    assert "21 novembre 2026" in message("appeal_window_closed", "fr", closed_on="2026-11-21")
