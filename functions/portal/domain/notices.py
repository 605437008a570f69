"""
Notices asking to remove reviews: either the review is illegal (Art. 16 DSA) or it breaks
the review rules (the moderation criteria). Open to anyone, no account needed.
"""

import re
from collections.abc import Mapping
from functools import cache
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StrictBool,
    StringConstraints,
    field_validator,
)
from pydantic import model_validator as _model_validator
from pydantic_core import PydanticCustomError

from portal.domain import mail
from portal.domain.cases import Case, CaseKind, Language
from portal.domain.criteria import Criterion
from portal.domain.intake import Intake, open_case
from portal.domain.text import EmailAddress, Explanation, Name, SingleLine
from portal.domain.uploads import MAX_ATTACHMENTS

MAX_REVIEWS = 20
# Reviews live on the marketplace's country sites, bare or under www. Mirror of `markets`
# in docs/facts.yml (a Lambda reads no docs/ file); tests/unit/test_notices.py checks both
# lists agree, and the site build hands this one to the forms' script.
MARKETPLACE_DOMAINS = ("backmarket.fr", "backmarket.nl", "backmarket.co.uk")


def is_marketplace_host(host: str) -> bool:
    """One of the country sites, e.g. `backmarket.fr` or `www.backmarket.fr`, nothing else."""
    bare = host.lower().removeprefix("www.")
    return bare in MARKETPLACE_DOMAINS


@cache
def countries() -> frozenset[str]:
    """
    ISO 3166-1 alpha-2 codes (babel's list), loaded on first use, not at cold start; babel
    is imported here too: nothing else of the API's import needs it.
    """
    from babel import Locale

    return frozenset(
        str(code) for code in Locale("en").territories if re.fullmatch(r"[A-Z]{2}", str(code))
    )


class ReviewLocation(BaseModel):
    """Where a review is: its web address, or its review number."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    url: HttpUrl | None = None
    review_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_\-]{4,64}$")] | None = None

    @field_validator("url", mode="before")
    @classmethod
    def _plain_https(cls, url: Any) -> Any:
        # Checked on the text as sent: once parsed, `https://host:443/` has lost its port.
        if not isinstance(url, str):
            return url
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError:
            return url  # HttpUrl explains what is wrong
        if parts.scheme.lower() == "http":
            raise PydanticCustomError("review_url_not_https", "https only")
        if parts.username is not None or parts.password is not None or port is not None:
            raise PydanticCustomError("review_url_not_plain", "no credentials, no port")
        return url

    @field_validator("url")
    @classmethod
    def _on_the_marketplace(cls, url: HttpUrl | None) -> HttpUrl | None:
        if url is None:
            return None
        if url.scheme != "https":
            raise PydanticCustomError("review_url_not_https", "https only")
        if not is_marketplace_host(url.host or ""):
            raise PydanticCustomError(
                "review_url_not_marketplace",
                "not a marketplace address",
                {"domains": ", ".join(MARKETPLACE_DOMAINS)},
            )
        return url

    @_model_validator(mode="after")
    def _one_given(self) -> "ReviewLocation":
        if self.url is None and self.review_id is None:
            raise PydanticCustomError("review_location_required", "a URL or a review id")
        return self


class IllegalContent(BaseModel):
    """Art. 16(2) DSA: why the review is illegal under which law, in good faith."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    basis: Literal["illegal_content"]
    law_or_right: Annotated[SingleLine, StringConstraints(min_length=3, max_length=300)]
    country: str | None = None
    good_faith: StrictBool

    @field_validator("country")
    @classmethod
    def _known_country(cls, country: str | None) -> str | None:
        if country is None:
            return None
        code = {"EL": "GR"}.get(country.strip().upper(), country.strip().upper())
        if code not in countries():
            raise PydanticCustomError("country_unknown", "not an ISO 3166-1 country code")
        return code

    @field_validator("good_faith")
    @classmethod
    def _confirmed(cls, good_faith: bool) -> bool:
        if not good_faith:
            raise PydanticCustomError("good_faith_required", "the statement must be confirmed")
        return good_faith


class ReviewRulesBreach(BaseModel):
    """The review breaks one or more of the published moderation criteria."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    basis: Literal["review_rules"]
    criteria: Annotated[list[Criterion], Field(min_length=1, max_length=len(Criterion))]

    @field_validator("criteria")
    @classmethod
    def _each_once(cls, criteria: list[Criterion]) -> list[Criterion]:
        if len(set(criteria)) != len(criteria):
            raise PydanticCustomError("duplicate_values", "each criterion once")
        return criteria


Grounds = Annotated[IllegalContent | ReviewRulesBreach, Field(discriminator="basis")]


class Notice(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    submission_id: UUID
    language: Language
    grounds: Grounds
    reviews: Annotated[list[ReviewLocation], Field(min_length=1, max_length=MAX_REVIEWS)]
    name: Name
    email: EmailAddress
    explanation: Explanation
    attachments: Annotated[list[UUID], Field(max_length=MAX_ATTACHMENTS)] = []


def submit_notice(
    content: Mapping[str, Any], *, spam: bool, intake: Intake, by_email: bool = False
) -> Case:
    """`by_email`: sent without proof of work; its sender confirms their address first."""
    notice = Notice.model_validate(content)
    return open_case(
        notice,
        content,
        kind=CaseKind.NOTICE,
        received_at=intake.clock(),
        spam=spam,
        intake=intake,
        confirm_by=notice.email if by_email else None,
        mails=lambda case: [
            mail.acknowledgement(case, mail.Template.NOTICE_RECEIVED, notice.email),
            mail.staff_notification(case),
        ],
    )
