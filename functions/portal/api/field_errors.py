"""
pydantic's validation errors as the portal's field errors: a dotted path to the field, our
stable code, and its sentence; and the same errors redacted for the log.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from portal.api.error_body import FieldError
from portal.error_sentences import ERROR_SENTENCES, field_error_sentence

# The tags of the discriminated unions (notices' grounds, appellants): pydantic puts them
# in an error's location, the sender never wrote them.
UNION_TAGS = frozenset({"illegal_content", "review_rules", "review_author", "notifier"})

# pydantic's error types -> our field codes, and which context value each one shows.
FIELD_CODES = {
    "missing": ("required", None),
    "string_too_short": ("too_short", "min_length"),
    "string_too_long": ("too_long", "max_length"),
    "too_short": ("too_few_items", "min_length"),
    "too_long": ("too_many_items", "max_length"),  # lists; text: see field_error
    "literal_error": ("invalid_choice", None),
    "enum": ("invalid_choice", None),
    "union_tag_invalid": ("invalid_choice", None),
    "union_tag_not_found": ("required", None),
    "url_parsing": ("url_invalid", None),
    "url_scheme": ("url_invalid", None),
    "url_type": ("url_invalid", None),
    "url_too_long": ("url_invalid", None),
    "date_parsing": ("date_invalid", None),
    "date_from_datetime_parsing": ("date_invalid", None),
    "date_from_datetime_inexact": ("date_invalid", None),
    "date_type": ("date_invalid", None),
    "uuid_parsing": ("identifier_invalid", None),
    "uuid_type": ("identifier_invalid", None),
    "uuid_version": ("identifier_invalid", None),
    "int_parsing": ("number_invalid", None),
    "int_type": ("number_invalid", None),
    "int_from_float": ("number_invalid", None),
    "greater_than_equal": ("number_too_small", "ge"),
    "less_than_equal": ("number_too_large", "le"),
    "string_pattern_mismatch": ("format_invalid", None),
    "extra_forbidden": ("unknown_field", None),
}


def field_path(location: Iterable[str | int]) -> str:
    parts = [str(part) for part in location if part not in UNION_TAGS]
    if parts[:1] == ["body"]:
        parts = parts[1:]
    return ".".join(parts)


def field_error(error: dict[str, Any], language: str) -> FieldError:
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    location = list(error.get("loc", ()))
    if kind == "union_tag_not_found" and context.get("discriminator"):
        location.append(str(context["discriminator"]).strip("'"))
    code, shown = FIELD_CODES.get(kind, (kind, None))
    if kind in {"too_short", "too_long"} and context.get("field_type") == "Value":
        code = kind  # a length constraint on text (pydantic's "Value"), not on a list or tuple
    if code == kind and code not in ERROR_SENTENCES:
        code = "invalid"
    params: dict[str, Any] = {}
    if shown is not None and shown in context:
        name = {"ge": "minimum", "le": "maximum"}.get(shown, shown)
        params[name] = context[shown]
    elif code == kind:  # our own codes (PydanticCustomError) carry their message's values
        params = {key: value for key, value in context.items() if isinstance(value, str | int)}
    path = field_path(location)
    return FieldError(
        field=path, code=code, message=field_error_sentence(code, path, language, **params)
    )


# Our own field names are short; anything longer was typed by someone.
_LOGGED_PART = 60


def redacted(problems: Sequence[Any]) -> list[dict[str, Any]]:
    """
    Validation errors for the log: where and what, never the value a person typed. A key
    the sender made up is a value too: it is logged as `<extra>`.
    """
    return [{"loc": _logged_location(problem), "type": problem.get("type")} for problem in problems]


def _logged_location(problem: Any) -> list[str | int]:
    location = list(problem.get("loc") or ())
    if problem.get("type") == "extra_forbidden" and location:
        location[-1] = "<extra>"
    return [part if isinstance(part, int) else str(part)[:_LOGGED_PART] for part in location]
