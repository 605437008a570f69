"""The intake API's services: cases, uploads, the proof of work, idempotency, intake."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any

import boto3
from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig

from portal.adapters.cases import DynamoCaseStore
from portal.adapters.challenge import AltchaChallenge, NoChallenge
from portal.adapters.idempotency import DynamoIdempotencyStore
from portal.adapters.secrets import read_secret
from portal.adapters.uploads import S3Uploads
from portal.domain.intake import Clock, Intake
from portal.settings import ApiSettings

# A day: a sender retrying after a lost answer gets the first answer back. Later retries
# still find the submission's claim in the cases table, kept as long as the case with the
# fingerprint of its content (the same `content` as payload validation here): the same
# content gets the case back, other content a 409.
IDEMPOTENCY_SECONDS = 24 * 3600


@dataclass(frozen=True)
class ApiServices:
    settings: ApiSettings
    cases: DynamoCaseStore
    uploads: S3Uploads
    challenge: AltchaChallenge | NoChallenge
    # CloudFront's origin header value (api/origin.py), read when a request comes; None: no check.
    origin_secret: Callable[[], str | None]
    idempotency_store: DynamoIdempotencyStore
    idempotency_config: IdempotencyConfig
    clock: Clock
    intake: Intake


def _no_secret() -> None:
    return None


def bootstrap_api(settings: ApiSettings | None = None, **replacing: Any) -> ApiServices:
    """The API's services from its settings (the environment by default); `replacing`
    gives adapters by name (tests: fakes; the local server: nothing)."""
    settings = settings or ApiSettings.from_environ()
    clock: Clock = replacing.get("clock") or partial(datetime.now, UTC)
    dynamodb = boto3.client("dynamodb")
    cases = replacing.get("cases") or DynamoCaseStore(settings.cases_table, dynamodb)
    uploads = replacing.get("uploads") or S3Uploads(settings.attachments_bucket, boto3.client("s3"))
    challenge = replacing.get("challenge")
    if challenge is None:
        secret_name = settings.challenge_secret_name
        if settings.challenge == "off" or secret_name is None:
            challenge = NoChallenge()
        else:
            challenge = AltchaChallenge(
                partial(read_secret, secret_name), settings.challenge_cost, cases
            )
    origin_secret = replacing.get("origin_secret")
    if origin_secret is None:
        name = settings.origin_secret_name
        origin_secret = _no_secret if name is None else partial(read_secret, name)
    return ApiServices(
        settings=settings,
        cases=cases,
        uploads=uploads,
        challenge=challenge,
        origin_secret=origin_secret,
        idempotency_store=replacing.get("idempotency_store")
        or DynamoIdempotencyStore(table_name=settings.idempotency_table, boto3_client=dynamodb),
        idempotency_config=IdempotencyConfig(
            event_key_jmespath="[kind, content.submission_id]",
            payload_validation_jmespath="content",
            raise_on_no_idempotency_key=True,
            expires_after_seconds=IDEMPOTENCY_SECONDS,
        ),
        clock=clock,
        intake=Intake(cases, uploads, clock=clock),
    )
