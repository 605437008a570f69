"""
The 27 Member States of the European Union, by ISO 3166-1 alpha-2 code.
"""

MEMBER_STATES = frozenset(
    {
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
        "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    }
)  # fmt: skip

# EU institutions (and Eurostat) write EL for Greece; ISO 3166-1 says GR.
ALIASES = {"EL": "GR"}


def normalize_member_state(code: str) -> str | None:
    """The ISO code of a Member State given as ISO or EU code, or None outside the Union."""
    upper = code.strip().upper()
    iso = ALIASES.get(upper, upper)
    return iso if iso in MEMBER_STATES else None
