"""
Error messages say what is wrong and how to fix it, in the sender's language, with each
language's punctuation (issue 13, point 6); a form page puts its form first (point 5).
"""

import re
import uuid

import pytest
from babel.messages.pofile import read_po
from pydantic import ValidationError

from portal.api.field_errors import field_error
from portal.api.notices import EXAMPLE
from portal.domain.cases import LANGUAGES
from portal.domain.notices import Notice
from portal.error_sentences import (
    ERROR_SENTENCES,
    FIELD_SENTENCES,
    error_sentence,
    field_error_sentence,
    field_key,
)
from portal.i18n import locales_dir
from portal.site.forms import MODELS, field_rules, form_page_parts
from tests.events import response_json
from tests.fakes import FakeCaseStore
from tests.unit.test_api_routes import post
from tests.unit.test_api_routes import store as store  # the API wired to fakes

NBSP, NNBSP = "\u00a0", "\u202f"


def catalog_strings(lang: str) -> list[str]:
    with (locales_dir() / lang / "LC_MESSAGES" / "portal.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    return [
        str(text)
        for message in catalog
        if message.id
        for text in (message.string if isinstance(message.string, tuple) else [message.string])
    ]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Enter at most 20 reviews, one per line: send the others in a second report."),
        ("fr", f"Indiquez au plus 20 avis, un par ligne{NBSP}: signalez les autres dans une seconde notification."),
        ("nl", "Vermeld hoogstens 20 reviews, één per regel: meld de andere in een tweede melding."),
        ("de", "Geben Sie höchstens 20 Bewertungen an, eine pro Zeile: Melden Sie die übrigen in einer zweiten Meldung."),
    ],
)  # fmt: skip
def test_too_many_reviews_says_how_many_and_how_in_each_language(lang: str, expected: str) -> None:
    assert field_error_sentence("too_many_items", "reviews", lang, max_length=20) == expected


def test_the_api_names_the_question_in_a_missing_answer() -> None:
    with pytest.raises(ValidationError) as raised:
        Notice.model_validate({"language": "de"})
    errors = {str(error["loc"][-1]): dict(error) for error in raised.value.errors()}

    name = field_error(errors["name"], "de")
    email = field_error(errors["email"], "fr")

    assert (name.code, name.message) == ("required", "Geben Sie Ihren Namen ein.")
    assert (email.code, email.message) == ("required", "Saisissez votre adresse e-mail.")


def test_a_wrong_review_line_gets_the_review_address_sentence() -> None:
    error = {"type": "url_parsing", "loc": ("body", "reviews", 2, "url"), "ctx": {}}

    found = field_error(error, "nl")

    assert found.field == "reviews.2.url"
    assert found.message == "Vul het volledige webadres van de review in, beginnend met https://."


def test_a_field_without_its_own_sentence_gets_the_codes() -> None:
    assert field_error_sentence("too_long", "subject", "en", max_length=200) == (
        "Enter at most 200 characters."
    )


def test_field_sentences_name_real_fields_and_refine_real_codes() -> None:
    paths = {field_key(path.replace("[]", "")) for form in MODELS for path in field_rules(form)} | {
        "appellant.identified_by"
    }  # a choice that only steers the form

    assert sorted({path for path, _ in FIELD_SENTENCES} - paths) == []
    assert sorted({code for _, code in FIELD_SENTENCES} - set(ERROR_SENTENCES)) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_error_message_asks_for_a_date_format(lang: str) -> None:
    """A date picker shows the date in the reader's own format: a YYYY-MM-DD hint misleads."""
    sentences = [error_sentence(code, lang) for code in ERROR_SENTENCES] + [
        field_error_sentence(code, path, lang) for path, code in FIELD_SENTENCES
    ]

    assert [s for s in sentences if re.search(r"YYYY|AAAA|JJJJ|TT\.MM|DD-MM", s)] == []


def test_french_has_a_no_break_space_before_double_punctuation() -> None:
    wrong = [
        text
        for text in catalog_strings("fr")
        # a web address's "://" and an HTTP header quoted as such are not French punctuation
        for match in re.finditer(r"(.)([:;?!])(?!//)", text.replace("Content-Type:", ""))
        if match.group(1) not in (NBSP, NNBSP) and not match.group(1).isdigit()
    ]

    assert wrong == []


@pytest.mark.parametrize("lang", ["nl", "de"])
def test_dutch_and_german_have_no_space_before_a_colon(lang: str) -> None:
    assert [text for text in catalog_strings(lang) if re.search(r"\s[:;?!]", text)] == []


def test_a_form_page_puts_the_form_section_first_and_the_explanations_after() -> None:
    html = (
        "<p>Anyone can report.</p>"
        '<h2 id="reason">Choose the reason</h2><p>Two reasons.</p>'
        '<h2 id="send">Sending your report</h2><p>Use the form below.</p>'
        '<h2 id="next-steps">What happens next</h2><p>We decide.</p>'
    )

    intro, send, rest = form_page_parts(html)

    assert intro == "<p>Anyone can report.</p>"
    assert send == '<h2 id="send">Sending your report</h2><p>Use the form below.</p>'
    assert rest.index('id="reason"') < rest.index('id="next-steps"')
    assert 'id="send"' not in rest


# --- The same sentences in the API's answers, as the forms show them ---------------------


def test_the_api_answers_too_many_reviews_in_the_senders_language(store: FakeCaseStore) -> None:
    body = {
        **EXAMPLE,
        "submission_id": str(uuid.uuid4()),
        "challenge": "solved",
        "reviews": [{"review_id": f"review-{number}"} for number in range(21)],
    }

    response = post("/api/v1/notices", body, **{"Accept-Language": "fr-FR,fr;q=0.9"})

    assert response["statusCode"] == 422
    [field] = response_json(response)["error"]["fields"]
    assert (field["field"], field["code"]) == ("reviews", "too_many_items")
    assert field["message"] == (
        f"Indiquez au plus 20 avis, un par ligne{NBSP}: signalez les autres dans une seconde notification."
    )
    assert store.cases == {}
