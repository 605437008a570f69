"""
What a browser gets back for a form it posted without JavaScript (api/form_posts.py reads
the form): a stored case is a 303 to the receipt page; anything else is a page in the
form's language (api/form_page.py), the form again with the errors, or the confirmation's
answer.
"""

import json
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

from portal.api.form_posts import (
    CONFIRMATION,
    NAMES,
    RECEIPT_PATH,
    FormPost,
    as_json_event,
    is_cross_site,
    read_form_post,
)
from portal.api.locale import request_language
from portal.api.refusals import refusal, request_headers


def receipt_location(language: str, reference: str) -> str:
    return RECEIPT_PATH.format(language=language, reference=quote(reference, safe=""))


def as_browser_answer(response: Mapping[str, Any], post: FormPost) -> dict[str, Any]:
    """
    The JSON answer as a browser should get it: a created case is a 303 to the receipt
    page; an error is the form again, with the errors and the answers, in the form's
    language.
    """
    status = int(response.get("statusCode", HTTPStatus.INTERNAL_SERVER_ERROR))
    try:
        data = json.loads(response.get("body") or "null")
    except ValueError:
        data = None
    if post.form == CONFIRMATION:
        from portal.api.form_page import render_confirmation_page

        page = render_confirmation_page(post, data if isinstance(data, dict) else {})
        return _html(status, page, post.language, {})
    if status == HTTPStatus.CREATED and isinstance(data, dict) and data.get("reference"):
        return {
            "statusCode": HTTPStatus.SEE_OTHER,
            "headers": {
                "Location": receipt_location(post.language, str(data["reference"])),
                "Cache-Control": "no-store",
            },
            "body": "",
            "isBase64Encoded": False,
        }
    from portal.api.form_page import render_error_page  # Jinja2: loaded on the first error

    error = data.get("error") if isinstance(data, dict) else None
    kept = {
        key: value
        for key, value in (response.get("headers") or {}).items()
        if key.lower() == "retry-after"
    }
    page = render_error_page(post, error if isinstance(error, dict) else {}, post.language)
    return _html(status, page, post.language, kept)


def _html(status: int, page: str, language: str, headers: dict[str, str]) -> dict[str, Any]:
    return {
        "statusCode": status,
        "headers": {
            **headers,
            "Content-Type": "text/html; charset=utf-8",
            "Content-Language": language,
            "Cache-Control": "no-store",
        },
        "body": page,
        "isBase64Encoded": False,
    }


def unread_post(event: dict[str, Any]) -> FormPost:
    """A post whose answers are not read (refused, or unreadable): the form, empty."""
    form = NAMES[str(event["rawPath"])]
    language = request_language(request_headers(event).get("accept-language"))
    return FormPost(form=form, language=language, answers={})


def handle_form_post(
    event: dict[str, Any], respond: Callable[[dict[str, Any]], dict[str, Any]]
) -> dict[str, Any]:
    """
    A form posted without JavaScript, answered for a browser: `respond` answers the JSON
    request the script would have sent (the handler's guards and routing).
    """
    if is_cross_site(event):
        refused = unread_post(event)
        # Not 403: CloudFront shows its error page for a 403 (infra/template.yaml).
        answer = refusal(HTTPStatus.BAD_REQUEST, "form_cross_site", event)
        return as_browser_answer(answer, refused)
    try:
        post = read_form_post(event)
    except ValueError:  # too large, not UTF-8, too many fields
        return as_browser_answer(
            refusal(HTTPStatus.BAD_REQUEST, "form_invalid", event), unread_post(event)
        )
    return as_browser_answer(respond(as_json_event(event, post)), post)
