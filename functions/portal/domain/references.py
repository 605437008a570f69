"""
Case references: short enough to read over the phone, random so that they reveal nothing
about volume, with a check character that catches a mistyped or misheard character.

`NT-7KQ4-M2XD`: a kind prefix, seven random Crockford base32 characters (no I, L, O, U),
and a Luhn mod 32 check character.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_LENGTH = 7
# What people type for what they hear or read (Crockford's decoding rules).
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def check_character(body: str) -> str:
    """Luhn mod N over the base32 body: any single substitution or swap changes it."""
    factor = 2
    total = 0
    base = len(ALPHABET)
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        factor = 1 if factor == 2 else 2
        total += addend // base + addend % base
    return ALPHABET[(base - total % base) % base]


def new_reference(prefix: str) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    full = body + check_character(body)
    return f"{prefix}-{full[:4]}-{full[4:]}"


def normalize_reference(text: str) -> str | None:
    """
    The canonical form of a reference a person typed (any case, spaces or dashes, O for 0),
    or None when it cannot be one of ours.
    """
    compact = "".join(text.upper().split()).replace("-", "").translate(_LOOKALIKES)
    prefix, body = compact[:2], compact[2:]
    if not prefix.isalpha() or len(body) != RANDOM_LENGTH + 1:
        return None
    if any(char not in ALPHABET for char in body):
        return None
    if check_character(body[:-1]) != body[-1]:
        return None
    return f"{prefix}-{body[:4]}-{body[4:]}"
