"""
The review moderation criteria, as stable codes. The published list, in every language,
is docs/<lang>/reviews/index.md#criteria; keep the two in the same order.
"""

from enum import StrEnum


class Criterion(StrEnum):
    ADVERTISING = "advertising"
    DUPLICATE = "duplicate"
    OFF_TOPIC = "off_topic"
    OTHER_PRODUCT = "other_product"
    COMPETITOR = "competitor"
    OFFENSIVE = "offensive"
    FALSE_OR_BY_SELLER = "false_or_by_seller"
    ILLEGAL = "illegal"
    THIRD_PARTY_RIGHTS = "third_party_rights"
    IDENTITY_THEFT = "identity_theft"
    PERSONAL_DATA = "personal_data"
    HATRED = "hatred"
    UNLAWFUL = "unlawful"
