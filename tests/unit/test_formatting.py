"""
Months, dates and numbers read as each language writes them.
"""

import pytest

from portal.site import formatting


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "October 2021"), ("es", "octubre de 2021"), ("it", "ottobre 2021")],
)
def test_a_month_reads_as_the_language_writes_it(lang: str, expected: str) -> None:
    assert formatting.month("2021-10", lang) == expected
