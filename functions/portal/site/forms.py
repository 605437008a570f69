"""
What the site's forms need from the rest of the portal: each field's constraints, taken
from the very models the API validates with (so that the browser applies the same
limits), the error messages of the API in the page's language, and localized lists.
"""

import re
from functools import cache
from typing import Any

from babel import Locale
from pydantic import BaseModel

from portal.domain.appeals import Appeal
from portal.domain.authority_messages import AuthorityMessage
from portal.domain.member_states import MEMBER_STATES
from portal.domain.notices import Notice
from portal.error_sentences import ERROR_SENTENCES, FIELD_SENTENCES
from portal.i18n import babel_locale, translations

MODELS: dict[str, type[BaseModel]] = {
    "notice": Notice,
    "appeal": Appeal,
    "authority_message": AuthorityMessage,
}
# The official languages of the Union: what an authority may write in.
EU_LANGUAGES = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
    "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
)  # fmt: skip
_KEYS = {
    "minLength": "minlength",
    "maxLength": "maxlength",
    "pattern": "pattern",
    "minItems": "min_items",
    "maxItems": "max_items",
    "format": "format",
    "enum": "enum",
}


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in node:
        return _resolve(defs[node["$ref"].rsplit("/", 1)[1]], defs)
    return node


def _walk(
    node: dict[str, Any],
    defs: dict[str, Any],
    path: str,
    required: bool,
    out: dict[str, dict[str, Any]],
) -> None:
    node = _resolve(node, defs)
    alternatives = node.get("anyOf") or node.get("oneOf")
    if alternatives:
        concrete = [_resolve(alt, defs) for alt in alternatives if alt.get("type") != "null"]
        optional = len(concrete) < len(alternatives)
        for alternative in concrete:
            _walk(alternative, defs, path, required and not optional, out)
        return
    if node.get("type") == "object" and "properties" in node:
        needed = set(node.get("required", []))
        for name, child in node["properties"].items():
            _walk(child, defs, f"{path}.{name}" if path else name, name in needed, out)
        return
    rules = out.setdefault(path, {"required": required})
    rules["required"] = rules["required"] or required
    rules.update({_KEYS[key]: value for key, value in node.items() if key in _KEYS})
    if node.get("type") == "array" and "items" in node:
        _walk(node["items"], defs, f"{path}[]", True, out)


@cache
def field_rules(form: str) -> dict[str, dict[str, Any]]:
    """Per field path (`grounds.law_or_right`, `reviews[].review_id`): required, lengths, patterns."""
    schema = MODELS[form].model_json_schema()
    out: dict[str, dict[str, Any]] = {}
    _walk(schema, schema.get("$defs", {}), "", True, out)
    return out


def error_messages(lang: str) -> dict[str, str]:
    """The API's error sentences in the page's language, for the browser to show the same."""
    gettext = translations(lang).gettext
    return {code: gettext(text) for code, text in ERROR_SENTENCES.items()}


def field_error_messages(lang: str) -> dict[str, str]:
    """The fields' own error sentences in the page's language, keyed `path|code`."""
    gettext = translations(lang).gettext
    return {f"{path}|{code}": gettext(text) for (path, code), text in FIELD_SENTENCES.items()}


def member_states(lang: str) -> list[tuple[str, str]]:
    names = Locale.parse(babel_locale(lang)).territories
    return sorted(((code, str(names[code])) for code in MEMBER_STATES), key=lambda item: item[1])


def eu_languages(lang: str) -> list[tuple[str, str]]:
    names = Locale.parse(babel_locale(lang)).languages
    return sorted(
        ((code, str(names[code])) for code in EU_LANGUAGES), key=lambda item: item[1].lower()
    )


_SECTION = re.compile(r"<h2[\s>]")
_SEND = re.compile(r'<h2[^>]*\sid="send"')


def form_page_parts(html: str) -> tuple[str, str, str]:
    """
    A form page's content cut so that the form comes first (issue 13): the text before the
    first section, the section that introduces the form (`## … { #send }`), and the other
    sections, which the template puts after the form.
    """
    starts = [match.start() for match in _SECTION.finditer(html)]
    if not starts:
        return html, "", ""
    sections = [
        html[start:end] for start, end in zip(starts, [*starts[1:], len(html)], strict=True)
    ]
    send = [section for section in sections if _SEND.match(section)]
    rest = [section for section in sections if not _SEND.match(section)]
    # MkDocs renders its templates without autoescaping: the page's HTML goes out as it is.
    return html[: starts[0]], "".join(send), "".join(rest)
