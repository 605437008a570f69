"""
The environment, as pydantic models split by concern and composed per entry point. Field
names are the environment variables' (and the SAM template's). Each entry point reads its
settings once through a cached getter; nothing else reads os.environ.
"""

import os
from functools import cache
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat

# Athena database and table names end up quoted in SQL text: letters, digits, underscores.
Identifier = Annotated[str, Field(pattern=r"^[A-Za-z0-9_]+$")]


class _Environment(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class AthenaSettings(_Environment):
    ATHENA_WORKGROUP: Annotated[str, Field(min_length=1)]
    ATHENA_DATABASE: Identifier
    EVENTS_TABLE: Identifier
    # Optional when the workgroup enforces its own result location.
    ATHENA_OUTPUT_LOCATION: Annotated[str, Field(pattern=r"^s3://.+")] | None = None
    # Below the 15-minute Lambda limit, leaving time to store the record.
    ATHENA_MAX_WAIT_SECONDS: PositiveFloat = 780.0


class PublicationsSettings(_Environment):
    PUBLICATIONS_BUCKET: Annotated[str, Field(min_length=3)]


class RecipientsJobSettings(AthenaSettings, PublicationsSettings):
    """workers/recipients_job.py"""


@cache
def get_athena_settings() -> AthenaSettings:
    return AthenaSettings.model_validate(dict(os.environ))


@cache
def get_recipients_job_settings() -> RecipientsJobSettings:
    return RecipientsJobSettings.model_validate(dict(os.environ))
