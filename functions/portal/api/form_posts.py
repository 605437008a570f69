"""
Forms posted without JavaScript: a plain HTML form posts `application/x-www-form-urlencoded`
to the same route as the script's JSON. The handler turns the answers into the same JSON
request (so the same models validate them); api/form_answers.py turns the JSON answer into
what a browser follows: a 303 to the receipt page, or an HTML page that shows the errors
and keeps the answers (api/form_page.py). No proof of work is possible without a script: the case waits
until its sender opens the one-time link mailed to them (domain/intake.py `confirm_by`).
"""

import json
import uuid
from dataclasses import dataclass
from typing import Any, get_args
from urllib.parse import parse_qs

from pydantic import BaseModel

from portal.api.guards import MAX_BODY_BYTES, body_bytes
from portal.api.locale import request_language
from portal.api.refusals import request_headers
from portal.domain.appeals import Appeal
from portal.domain.authority_messages import AuthorityMessage
from portal.domain.cases import LANGUAGES, Language
from portal.domain.notices import Notice

MEDIA_TYPE = "application/x-www-form-urlencoded"
# The route each form posts to, and the model its answers become.
FORMS: dict[str, tuple[str, type[BaseModel]]] = {
    "/api/v1/notices": ("notice", Notice),
    "/api/v1/appeals": ("appeal", Appeal),
    "/api/v1/authority-messages": ("authority_message", AuthorityMessage),
}
# The confirmation page's form without JavaScript: the reference and the code of its e-mail.
CONFIRMATION_ROUTE = "/api/v1/authority-messages/confirmations"
CONFIRMATION = "confirmation"
# Where a sent form leads: one static page per language (docs/<lang>/sent.md).
RECEIPT_PATH = "/{language}/sent/?reference={reference}"
# More fields than any form has, fewer than would cost anything to parse.
MAX_FIELDS = 200
# Fields whose box holds one entry per line (the script splits them the same way).
LINES = frozenset({"reviews", "items"})
# Checkbox groups: every ticked box is a value of one list.
LISTS = frozenset({"grounds.criteria"})
# Single checkboxes: ticked or not, never missing.
FLAGS = frozenset({"grounds.good_faith"})
# Not answers: the honeypot keeps its own meaning; the rest the handler sets.
_GUARDS = frozenset({"website", "challenge", "submission_id", "attachments"})


@dataclass(frozen=True)
class FormPost:
    """One form posted without JavaScript: which form, in which language, what was typed."""

    form: str
    language: Language
    answers: dict[str, list[str]]


NAMES = {route: name for route, (name, _) in FORMS.items()} | {CONFIRMATION_ROUTE: CONFIRMATION}


def route_of(form: str) -> str:
    return next(route for route, name in NAMES.items() if name == form)


def is_form_post(event: dict[str, Any]) -> bool:
    """A POST of a urlencoded body to one of the forms' routes."""
    method = ((event.get("requestContext") or {}).get("http") or {}).get("method", "")
    media_type = request_headers(event).get("content-type", "").split(";")[0].strip().lower()
    route = event.get("rawPath")
    return method == "POST" and media_type == MEDIA_TYPE and route in NAMES


def is_cross_site(event: dict[str, Any]) -> bool:
    """
    Whether a browser says the form comes from another site's page. A urlencoded POST is
    a "simple" request: no CORS preflight stops another site from making its visitors'
    browsers post it. Browsers send Sec-Fetch-Site; an opaque origin (a sandboxed page)
    sends Origin: null. A client that is not a browser can post anything, as with JSON:
    the one-time link and the per-address e-mail cap bound what it can do.
    """
    headers = request_headers(event)
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site.strip().lower() != "same-origin":
        return True
    return headers.get("origin", "").strip().lower() == "null"


def read_form_post(event: dict[str, Any]) -> FormPost:
    """The answers as posted (ValueError: a body that is not a form's)."""
    body = body_bytes(event)
    if len(body) > MAX_BODY_BYTES:
        raise ValueError("body too large")
    answers = parse_qs(
        body.decode("utf-8"),
        keep_blank_values=True,
        strict_parsing=False,
        max_num_fields=MAX_FIELDS,
        errors="strict",
    )
    form = NAMES[str(event["rawPath"])]
    given = next(iter(answers.get("language", [])), "")
    language: Language = next(
        (code for code in LANGUAGES if code == given),
        request_language(request_headers(event).get("accept-language")),
    )
    return FormPost(form=form, language=language, answers=answers)


def _set(target: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = target
    for part in parents:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            return  # `a` and `a.b` both sent: keep the first
        node = child
    node.setdefault(last, value)


def _lines(path: str, text: str) -> list[Any]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if path == "reviews":  # as the script sends them: an address, or a review number
        return [{"url": line} if line.lower().startswith(("http://", "https://")) else
                {"review_id": line} for line in lines]  # fmt: skip
    return lines


def _variant(annotation: Any, discriminator: str, value: Any) -> type[BaseModel] | None:
    """The option of a discriminated union whose tag is `value`."""
    for model in get_args(annotation):
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            continue
        field = model.model_fields.get(discriminator)
        if field is not None and value in get_args(field.annotation):
            return model
    return None


def _keep_known(data: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """
    Only the fields of the model, and of the option chosen in a discriminated union: a
    plain form sends every box of every option, the script only those shown.
    """
    kept: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if name not in data:
            continue
        value = data[name]
        nested = field.annotation if isinstance(value, dict) else None
        if field.discriminator and isinstance(field.discriminator, str):
            chosen = _variant(nested, field.discriminator, value.get(field.discriminator))
            value = _keep_known(value, chosen) if chosen else {}
        elif isinstance(nested, type) and issubclass(nested, BaseModel):
            value = _keep_known(value, nested)
        kept[name] = value
    return kept


def submission_id(post: FormPost) -> str:
    """
    Without a script to make one, the ID comes from the answers: the same form sent twice
    (a double click, a reload) is stored once, as the script's retries are.
    """
    canonical = json.dumps(
        {"form": post.form, "answers": post.answers}, sort_keys=True, ensure_ascii=True
    )
    return str(uuid.uuid5(uuid.NAMESPACE_URL, canonical))


def as_request(post: FormPost) -> dict[str, Any]:
    """The JSON request the script would send for these answers (without proof of work)."""
    if post.form == CONFIRMATION:
        return {key: _first(post, key) for key in ("reference", "token")}
    data: dict[str, Any] = {}
    for path, values in post.answers.items():
        given = [value.strip() for value in values if value.strip()]
        if path in _GUARDS or path == "language":
            continue
        if path in LISTS:
            _set(data, path, given)
        elif path in FLAGS:
            _set(data, path, "true" in given)
        elif not given:
            continue  # an empty box is a missing answer, as in the script's request
        elif path in LINES:
            _set(data, path, _lines(path, "\n".join(given)))
        else:
            _set(data, path, given[0])
    _, model = FORMS[route_of(post.form)]
    request = _keep_known(_with_unticked_flags(data), model)
    website = next(iter(post.answers.get("website", [])), "")
    return {
        **request,
        "submission_id": submission_id(post),
        "language": post.language,
        "attachments": [],
        "website": website,
    }


def _first(post: FormPost, key: str) -> str:
    return next((value.strip() for value in post.answers.get(key, []) if value.strip()), "")


def _with_unticked_flags(data: dict[str, Any]) -> dict[str, Any]:
    """An unticked box is not sent at all: it is False, so its own message is shown."""
    for path in FLAGS:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node.setdefault(last, False)
    return data


def as_json_event(event: dict[str, Any], post: FormPost) -> dict[str, Any]:
    """The same request as the script's: JSON, in the form's language."""
    headers = {
        key: value
        for key, value in (event.get("headers") or {}).items()
        if key.lower() not in {"content-type", "accept-language", "content-length"}
    }
    headers.update({"content-type": "application/json", "accept-language": post.language})
    return {
        **event,
        "headers": headers,
        "body": json.dumps(as_request(post), ensure_ascii=False),
        "isBase64Encoded": False,
    }
