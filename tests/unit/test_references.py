"""
Case references are short, random, and catch a mistyped character.
"""

import re

from portal.domain.references import ALPHABET, new_reference, normalize_reference


def test_a_reference_is_a_prefix_and_eight_readable_characters() -> None:
    reference = new_reference("NT")

    assert re.fullmatch(r"NT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", reference)


def test_references_are_random_not_sequential() -> None:
    drawn = {new_reference("AP") for _ in range(2000)}

    assert len(drawn) == 2000


def test_a_reference_typed_in_lower_case_with_spaces_and_an_o_is_recognized() -> None:
    reference = new_reference("NT")
    typed = reference.lower().replace("-", " ").replace("0", "o")

    assert normalize_reference(typed) == reference


def test_any_single_wrong_character_is_caught() -> None:
    reference = new_reference("NT")
    body = reference.replace("-", "")[2:]

    for index in range(len(body)):
        for wrong in ALPHABET:
            if wrong == body[index]:
                continue
            typo = body[:index] + wrong + body[index + 1 :]
            assert normalize_reference("NT" + typo) is None


def test_two_swapped_neighbours_are_caught() -> None:
    caught = 0
    for _ in range(300):
        body = new_reference("NT").replace("-", "")[2:]
        if body[2] == body[3]:
            continue
        swapped = body[:2] + body[3] + body[2] + body[4:]
        caught += normalize_reference("NT" + swapped) is None
    assert caught >= 290  # Luhn mod N misses only a few symbol pairs


def test_text_that_cannot_be_a_reference_is_refused() -> None:
    assert normalize_reference("hello") is None
    assert normalize_reference("NT-1234-567U") is None
