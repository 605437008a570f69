"""
Case references are short, random, and catch a mistyped character.
"""

import re

from portal.domain.references import (
    ALPHABET,
    RANDOM_LENGTH,
    check_character,
    new_reference,
    normalize_reference,
)


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


def test_almost_every_swap_of_two_neighbours_is_caught() -> None:
    missed = total = 0
    for first in ALPHABET:
        for second in ALPHABET:
            if first == second:
                continue
            for position in range(RANDOM_LENGTH - 1):
                body = list("7KQ4M2X")
                body[position], body[position + 1] = first, second
                swapped = body.copy()
                swapped[position], swapped[position + 1] = second, first
                total += 1
                missed += check_character("".join(body)) == check_character("".join(swapped))

    assert missed / total < 0.01  # Luhn mod N misses only a few symbol pairs


def test_text_that_cannot_be_a_reference_is_refused() -> None:
    assert normalize_reference("hello") is None
    assert normalize_reference("NT-1234-567U") is None
