"""
Which form runs in which language in `make test`: every form in English, the source, and
one form in each other language, a different one in turn, so that each language and each
form are met (or, where a pair costs the whole portal, each form once); the other pairs are
marked `full`, left to `make test-full` (weekly in CI).
"""

from collections.abc import Sequence

import pytest
from _pytest.mark import ParameterSet

from portal.domain.cases import LANGUAGES


def _pairs(
    forms: Sequence[str], languages: Sequence[str], chosen: set[tuple[str, str]]
) -> list[ParameterSet]:
    """Every (form, lang) pair; those not `chosen` are marked `full`."""
    return [
        pytest.param(
            form,
            lang,
            id=f"{form}-{lang}",
            marks=() if (form, lang) in chosen else (pytest.mark.full,),
        )
        for form in forms
        for lang in languages
    ]


def forms_by_language(
    forms: Sequence[str], languages: Sequence[str] = LANGUAGES
) -> list[ParameterSet]:
    """(form, lang) parameters: English and one form per other language, the rest `full`."""
    others = [lang for lang in languages if lang != "en"]
    chosen = {(form, "en") for form in forms}
    chosen |= {(forms[index % len(forms)], lang) for index, lang in enumerate(others)}
    return _pairs(forms, languages, chosen)


def each_form_once(
    forms: Sequence[str], languages: Sequence[str] = LANGUAGES
) -> list[ParameterSet]:
    """
    (form, lang) parameters for the tests that send to the whole portal (`portal serve`,
    4-8 s a pair): each form once, in English and the next languages in turn, the rest
    `full`. The static journeys (test_form_journeys.py) meet every language each run.
    """
    chosen = {(form, languages[index % len(languages)]) for index, form in enumerate(forms)}
    return _pairs(forms, languages, chosen)
