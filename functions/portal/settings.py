"""
The environment of each entry point, as validated pydantic models.

Settings are split by concern and composed per entry point, so that a worker needs no
API-only variable. Field aliases are the environment variables that infra/template.yaml
sets; keep both in step. Nothing else in the package reads os.environ, but plain_settings.py:
the settings of the upload checker, which runs without pydantic.
"""

import os
from collections.abc import Mapping
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Environment(BaseModel):
    # Built on first use: each entry point reads one of these classes, not all of them.
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True, defer_build=True)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Self:
        return cls.model_validate(dict(os.environ if environ is None else environ))


class CasesSettings(_Environment):
    cases_table: str = Field(alias="CASES_TABLE", min_length=3)


class IdempotencySettings(_Environment):
    idempotency_table: str = Field(alias="IDEMPOTENCY_TABLE", min_length=3)


class AttachmentsSettings(_Environment):
    attachments_bucket: str = Field(alias="ATTACHMENTS_BUCKET", min_length=3)


class ChallengeSettings(_Environment):
    """
    PORTAL_CHALLENGE=off turns the proof-of-work off (tests, local API clients). The HMAC
    key is read from Secrets Manager at cold start, never from the environment.
    """

    challenge: Literal["on", "off"] = Field("on", alias="PORTAL_CHALLENGE")
    challenge_secret_name: str | None = Field(None, alias="CHALLENGE_SECRET_NAME", min_length=1)
    challenge_cost: int = Field(5000, alias="CHALLENGE_COST", ge=1)

    @model_validator(mode="after")
    def _secret_when_on(self) -> Self:
        if self.challenge == "on" and not self.challenge_secret_name:
            raise ValueError("CHALLENGE_SECRET_NAME is required while PORTAL_CHALLENGE is on")
        return self


class OriginSettings(_Environment):
    """
    The Secrets Manager secret whose value CloudFront sends in a header to the API's origin;
    the API refuses requests without it (api/origin.py). Unset: no check (unit tests).
    """

    origin_secret_name: str | None = Field(None, alias="ORIGIN_SECRET_NAME", min_length=1)


class ApiSettings(
    CasesSettings, IdempotencySettings, AttachmentsSettings, ChallengeSettings, OriginSettings
):
    """The intake API."""


class ReportExportSettings(_Environment):
    """Where the transparency report's exports and drafts go (infra/template.yaml)."""

    exports_bucket: str | None = Field(None, alias="EXPORTS_BUCKET", min_length=3)
    drafts_bucket: str | None = Field(None, alias="DRAFTS_BUCKET", min_length=3)


class StaffApiSettings(CasesSettings, AttachmentsSettings, OriginSettings, ReportExportSettings):
    """
    The staff API: cases and their attachments; the site, to which statements point; the
    report's drafts (without their buckets, the draft routes answer 503).
    """

    site_url: str | None = Field(None, alias="SITE_URL", pattern=r"^https?://.+/$")


class MailSettings(CasesSettings, IdempotencySettings):
    """The e-mail worker: who sends, which staff mailboxes receive, where links point."""

    mail_from: str = Field(alias="MAIL_FROM", min_length=3)
    legal_staff_email: str = Field(alias="LEGAL_STAFF_EMAIL", min_length=3)
    product_safety_email: str = Field(alias="PRODUCT_SAFETY_EMAIL", min_length=3)
    site_url: str = Field(alias="SITE_URL", pattern=r"^https?://.+/$")
    ses_configuration_set: str | None = Field(None, alias="SES_CONFIGURATION_SET")


class MailQueueSettings(_Environment):
    mail_queue_url: str = Field(alias="MAIL_QUEUE_URL", min_length=3)


class StatementsQueueSettings(_Environment):
    statements_queue_url: str = Field(alias="STATEMENTS_QUEUE_URL", min_length=3)


class CaseEventsSettings(AttachmentsSettings, MailQueueSettings, StatementsQueueSettings):
    """
    The worker that turns stored cases into queued e-mails, queued statements of reasons
    and attachment changes.
    """


class SubmitStatementsSettings(CasesSettings):
    """
    The worker submitting statements of reasons to the Transparency Database (Art. 24(5)
    DSA): its base URL, and the Secrets Manager secret holding its bearer token.
    """

    transparency_db_url: str = Field(alias="TRANSPARENCY_DB_URL", pattern=r"^https?://\S+$")
    transparency_db_token_secret_name: str = Field(
        alias="TRANSPARENCY_DB_TOKEN_SECRET_NAME", min_length=1
    )


class SweepSettings(CasesSettings, MailQueueSettings, AttachmentsSettings):
    """The scheduled sweeper that queues again what the stream left behind."""


# Athena database and table names end up quoted in SQL text: letters, digits, underscores.
_IDENTIFIER = r"^[A-Za-z0-9_]+$"


class AthenaQuerySettings(_Environment):
    """Where Athena runs the engines' queries (active recipients, transparency report)."""

    athena_workgroup: str = Field(alias="ATHENA_WORKGROUP", min_length=1)
    athena_database: str = Field(alias="ATHENA_DATABASE", pattern=_IDENTIFIER)
    # Optional when the workgroup enforces its own result location.
    athena_output_location: str | None = Field(
        None, alias="ATHENA_OUTPUT_LOCATION", pattern=r"^s3://.+"
    )
    # Below the 15-minute Lambda limit, leaving time to store the record.
    athena_max_wait_seconds: float = Field(780.0, alias="ATHENA_MAX_WAIT_SECONDS", gt=0)


class AthenaSettings(AthenaQuerySettings):
    """The Athena engine counting active recipients (Art. 24(2) DSA)."""

    events_table: str = Field(alias="EVENTS_TABLE", pattern=_IDENTIFIER)


class PublicationsSettings(_Environment):
    publications_bucket: str = Field(alias="PUBLICATIONS_BUCKET", min_length=3)


class RecipientsJobSettings(AthenaSettings, PublicationsSettings, MailQueueSettings):
    """The scheduled job computing the Art. 24(2) figure (workers/recipients_job.py)."""


class ReportDraftSettings(CasesSettings, MailQueueSettings):
    """The report drafts' jobs (workers/report_drafts.py): start an export, finish drafts."""

    exports_bucket: str = Field(alias="EXPORTS_BUCKET", min_length=3)
    drafts_bucket: str = Field(alias="DRAFTS_BUCKET", min_length=3)
    # athena in AWS (the ATHENA_* variables too); duckdb under `make serve`.
    report_engine: Literal["athena", "duckdb"] = Field("athena", alias="REPORT_ENGINE")
    # The console, linked from the e-mail to legal staff.
    site_url: str | None = Field(None, alias="SITE_URL", pattern=r"^https?://.+/$")


class ReportDraftFinishSettings(ReportDraftSettings, AthenaQuerySettings):
    """The job that counts the exports (on Athena in AWS: its workgroup and database)."""
