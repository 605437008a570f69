"""
Facts rendered into Markdown, formatted for each language.
"""

from datetime import date
from pathlib import Path

import pytest
from jinja2 import UndefinedError

from portal.site.facts import render_markdown


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The compiled templates go to a build cache of the test's own."""
    monkeypatch.setenv("PORTAL_BUILD_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


DATA = {
    "facts": {
        "fee": 3.99,
        "reviews": 42000,
        "threshold": 45_000_000,
        "since": "2021-10",
        "start": date(2023, 6, 30),
    }
}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "€3.99 · 42,000 · 45 million · October 2021 · 30 June 2023"),
        ("fr", "3,99\xa0€ · 42\u202f000 · 45 millions · octobre 2021 · 30 juin 2023"),
        ("nl", "€\xa03,99 · 42.000 · 45 miljoen · oktober 2021 · 30 juni 2023"),
        ("de", "3,99\xa0€ · 42.000 · 45 Millionen · Oktober 2021 · 30. Juni 2023"),
    ],
)
def test_facts_are_formatted_for_the_page_language(lang: str, expected: str) -> None:
    markdown = (
        '{{ facts.fee | money("EUR") }} · {{ facts.reviews | number }} · '
        "{{ facts.threshold | compact }} · {{ facts.since | month }} · {{ facts.start | date }}"
    )

    assert render_markdown(markdown, DATA, lang) == expected


def test_an_unknown_fact_fails_the_build_instead_of_printing_nothing() -> None:
    with pytest.raises(UndefinedError):
        render_markdown("Write to {{ facts.emial }}.", DATA, "en")


def test_a_heading_anchor_without_spaces_is_not_a_template_comment() -> None:
    markdown = "## Fees {#fees}\n\nUp to {{ facts.fee | number }}.\n"

    assert render_markdown(markdown, DATA, "en") == "## Fees {#fees}\n\nUp to 3.99.\n"


def test_markdown_without_expressions_is_left_untouched() -> None:
    markdown = "Plain {text} with {# braces #}.\n"

    assert render_markdown(markdown, DATA, "fr") is markdown


def test_a_page_is_compiled_once_for_every_language_and_build(cache: Path) -> None:
    markdown = "Fee: {{ facts.fee | number }}."

    first = [render_markdown(markdown, DATA, lang) for lang in ("en", "fr")]
    (entry,) = (cache / "markdown").iterdir()
    again = [render_markdown(markdown, DATA, lang) for lang in ("en", "fr")]

    assert first == again == ["Fee: 3.99.", "Fee: 3,99."]
    assert list((cache / "markdown").iterdir()) == [entry]
    with pytest.raises(UndefinedError):  # the cached code still checks the facts
        render_markdown(markdown, {"facts": {}}, "en")
