"""
Text fields people type: trimmed, bounded, and free of control characters, so that a name
or a subject can never carry a line break into an e-mail header.
"""

import unicodedata
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, StringConstraints, WithJsonSchema
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


# Lengths are set where a field is declared: `Field(min_length=3, max_length=300)`.
SingleLine = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_single_line)]
MultiLine = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_multi_line)]

Name = Annotated[SingleLine, StringConstraints(min_length=1, max_length=200)]
Subject = Annotated[SingleLine, StringConstraints(min_length=1, max_length=200)]
Explanation = Annotated[MultiLine, StringConstraints(min_length=20, max_length=5000)]


def _email(value: str) -> str:
    """
    The address as SES can send to it: the domain in IDNA (punycode) form. SES takes no
    SMTPUTF8, so a local part outside ASCII cannot be delivered and is refused.
    https://docs.aws.amazon.com/ses/latest/dg/send-email-concepts-email-format.html
    """
    # Imported on first use: compiling its grammar is a tenth of the API's cold import.
    from email_validator import EmailNotValidError, validate_email

    try:
        checked = validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        raise PydanticCustomError("email_invalid", "not a valid e-mail address") from error
    if checked.ascii_email is None:
        raise PydanticCustomError("email_local_part_unsupported", "the part before @ must be ASCII")
    return str(checked.ascii_email)


EmailAddress = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=254),
    AfterValidator(_email),
    WithJsonSchema({"type": "string", "format": "email", "maxLength": 254}),
]


def _iso_text(value: Any) -> Any:
    # JSON carries dates as text; a number would otherwise be read as a timestamp.
    if not isinstance(value, str | date):
        raise PydanticCustomError("date_invalid", "a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_text)]
