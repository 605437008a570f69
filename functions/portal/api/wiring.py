"""
The API's adapters, built once per cold start from its settings (cosmicpython's bootstrap).
Tests and the local server hand in settings and clients with `use()`.
"""

from datetime import UTC, datetime
from functools import cached_property, partial
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    IdempotencyConfig,
)

from portal.adapters.cases import DynamoCaseStore
from portal.adapters.challenge import AltchaChallenge, NoChallenge
from portal.adapters.idempotency import DynamoIdempotencyStore
from portal.adapters.secrets import read_secret
from portal.adapters.uploads import S3Uploads
from portal.domain.intake import Intake
from portal.settings import ApiSettings
from portal.wiring import Singleton

# A day: a sender retrying after a lost answer gets the first answer back. Later retries
# still find the submission's claim in the cases table, kept as long as the case with the
# fingerprint of its content (the same `content` as payload validation here): the same
# content gets the case back, other content a 409.
IDEMPOTENCY_SECONDS = 24 * 3600


class Wiring:
    def __init__(self, settings: ApiSettings) -> None:
        self.settings = settings

    @cached_property
    def cases(self) -> DynamoCaseStore:
        return DynamoCaseStore(self.settings.cases_table)

    @cached_property
    def uploads(self) -> S3Uploads:
        return S3Uploads(self.settings.attachments_bucket)

    @cached_property
    def challenge(self) -> AltchaChallenge | NoChallenge:
        if self.settings.challenge == "off" or self.settings.challenge_secret_name is None:
            return NoChallenge()
        secret = read_secret(self.settings.challenge_secret_name)
        return AltchaChallenge(secret, self.settings.challenge_cost, self.cases)

    @cached_property
    def origin_secret(self) -> str | None:
        """The header value CloudFront adds (api/origin.py); None: no check."""
        if self.settings.origin_secret_name is None:
            return None
        return read_secret(self.settings.origin_secret_name)

    @cached_property
    def intake(self) -> Intake:
        return Intake(self.cases, self.uploads, clock=partial(datetime.now, UTC))

    @cached_property
    def idempotency_store(self) -> DynamoIdempotencyStore:
        return DynamoIdempotencyStore(table_name=self.settings.idempotency_table)

    @cached_property
    def idempotency_config(self) -> IdempotencyConfig:
        return IdempotencyConfig(
            event_key_jmespath="[kind, content.submission_id]",
            payload_validation_jmespath="content",
            raise_on_no_idempotency_key=True,
            expires_after_seconds=IDEMPOTENCY_SECONDS,
        )


wiring: Singleton[Wiring] = Singleton(lambda: Wiring(ApiSettings.from_environ()))


def use(settings: ApiSettings, **adapters: Any) -> Wiring:
    """Replace the wiring (tests, the local server); `adapters` override built ones."""
    current = Wiring(settings)
    for name, adapter in adapters.items():
        current.__dict__[name] = adapter
    return wiring.use(current)
