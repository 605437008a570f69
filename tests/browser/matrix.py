"""
Which form runs in which language in `make test`: every form in English, the source, and
one form in each other language, a different one in turn, so that each language and each
form are met; the other pairs are marked `full`, left to `make test-full` (weekly in CI).
"""

from collections.abc import Sequence

import pytest
from _pytest.mark import ParameterSet

from portal.domain.cases import LANGUAGES


def forms_by_language(
    forms: Sequence[str], languages: Sequence[str] = LANGUAGES
) -> list[ParameterSet]:
    """(form, lang) parameters: English and one form per other language, the rest `full`."""
    others = [lang for lang in languages if lang != "en"]
    chosen = {(form, "en") for form in forms}
    chosen |= {(forms[index % len(forms)], lang) for index, lang in enumerate(others)}
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
