"""
The environment of each entry point, as validated pydantic models.

Settings are split by concern and composed per entry point, so that a worker needs no
API-only variable. Field aliases are the environment variables that infra/template.yaml
sets; keep both in step. Nothing else in the package reads os.environ.
"""

import os
from collections.abc import Mapping
from functools import cache
from typing import Self

from pydantic import BaseModel, ConfigDict, Field


class _Environment(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Self:
        return cls.model_validate(dict(os.environ if environ is None else environ))


# Athena database and table names end up quoted in SQL text: letters, digits, underscores.
_IDENTIFIER = r"^[A-Za-z0-9_]+$"


class AthenaSettings(_Environment):
    """The Athena engine counting active recipients (Art. 24(2) DSA)."""

    athena_workgroup: str = Field(alias="ATHENA_WORKGROUP", min_length=1)
    athena_database: str = Field(alias="ATHENA_DATABASE", pattern=_IDENTIFIER)
    events_table: str = Field(alias="EVENTS_TABLE", pattern=_IDENTIFIER)
    # Optional when the workgroup enforces its own result location.
    athena_output_location: str | None = Field(
        None, alias="ATHENA_OUTPUT_LOCATION", pattern=r"^s3://.+"
    )
    # Below the 15-minute Lambda limit, leaving time to store the record.
    athena_max_wait_seconds: float = Field(780.0, alias="ATHENA_MAX_WAIT_SECONDS", gt=0)


class PublicationsSettings(_Environment):
    publications_bucket: str = Field(alias="PUBLICATIONS_BUCKET", min_length=3)


class RecipientsJobSettings(AthenaSettings, PublicationsSettings):
    """The scheduled job computing the Art. 24(2) figure (workers/recipients_job.py)."""


@cache
def get_athena_settings() -> AthenaSettings:
    return AthenaSettings.from_environ()


@cache
def get_recipients_job_settings() -> RecipientsJobSettings:
    return RecipientsJobSettings.from_environ()
