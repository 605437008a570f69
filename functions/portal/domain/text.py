"""
Text fields people type: trimmed, bounded, and free of control characters, so that a name
or a subject can never carry a line break into an e-mail header.
"""

import unicodedata
from typing import Annotated

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError


def _reject_controls(value: str, allowed: str) -> str:
    for char in value:
        if char not in allowed and unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"}:
            raise PydanticCustomError("control_characters", "control characters are not allowed")
    return value


def _single_line(value: str) -> str:
    return _reject_controls(value, "")


def _multi_line(value: str) -> str:
    return _reject_controls(value, "\n\r\t")


def single_line(max_length: int, min_length: int = 1) -> type[str]:
    """A one-line field: no line breaks or other control characters."""
    return Annotated[  # type: ignore[return-value]
        str,
        StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length),
        AfterValidator(_single_line),
    ]


def multi_line(max_length: int, min_length: int = 1) -> type[str]:
    """Free text: line breaks and tabs allowed, other control characters not."""
    return Annotated[  # type: ignore[return-value]
        str,
        StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length),
        AfterValidator(_multi_line),
    ]


Name = single_line(200)
Subject = single_line(200)
Explanation = multi_line(5000, min_length=20)


def _email(value: str) -> str:
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise PydanticCustomError("email_invalid", "not a valid e-mail address") from error


EmailAddress = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=254),
    AfterValidator(_email),
    WithJsonSchema({"type": "string", "format": "email", "maxLength": 254}),
]
