"""
The API's SnapStart hooks (api/snapstart.py): registered by the handler's module, the
before-snapshot hook primes the wiring and answers one request without writing anything,
the after-restore hook re-seeds randomness and drops the secrets read before the snapshot.
"""

import json
import random

import snapshot_restore_py
from aws_lambda_powertools.utilities.parameters.constants import DEFAULT_PROVIDERS

from portal.api import snapstart, wiring
from portal.api.app import app
from portal.settings import ApiSettings
from tests.events import FakeContext
from tests.fakes import FakeCaseStore, FakeChallenge, FakeUploads

SETTINGS = ApiSettings(
    cases_table="cases",
    idempotency_table="idempotency",
    attachments_bucket="attachments",
    challenge="off",
)


def test_the_handlers_module_registers_both_hooks() -> None:
    before = snapshot_restore_py._before_snapshot_registry
    after = snapshot_restore_py._after_restore_registry

    assert (snapstart.prime, (app,), {}) in before
    assert (snapstart.renew, (), {}) in after


def test_priming_builds_the_wiring_and_answers_the_challenge_route_writing_nothing() -> None:
    store, uploads = FakeCaseStore(), FakeUploads()
    current = wiring.use(SETTINGS, cases=store, uploads=uploads, challenge=FakeChallenge())

    answer = snapstart.prime(app)

    assert answer is not None
    assert answer["statusCode"] == 200
    assert json.loads(answer["body"]) == {"challenge": "fake"}
    assert set(snapstart.PRIMED) <= set(vars(current))
    assert current.idempotency_store.table_name == "idempotency"
    assert (store.cases, store.claims, store.spent, store.outbox, store.taken) == (
        {},
        {},
        {},
        [],
        set(),
    )
    assert store.mail_states == {}
    assert uploads.uploads == {}


def test_a_failed_priming_leaves_the_work_to_the_first_request() -> None:
    class UnreachableSecret:
        def issue(self, now: object) -> None:
            raise ConnectionError("no route to Secrets Manager")

    class UnreachableTable:
        @property
        def client(self) -> None:
            raise ConnectionError("no route to DynamoDB")

    challenge = UnreachableSecret()
    wiring.use(SETTINGS, cases=FakeCaseStore(), uploads=FakeUploads(), challenge=challenge)
    failed_route = snapstart.prime(app)
    cases = UnreachableTable()
    wiring.use(SETTINGS, cases=cases, uploads=FakeUploads(), challenge=FakeChallenge())
    failed_client = snapstart.prime(app)

    # The snapshot is still taken: the route answers with the API's error, the hook returns.
    assert failed_route is not None
    assert failed_route["statusCode"] == 500
    assert failed_client is None


def test_after_a_restore_randomness_is_seeded_again() -> None:
    random.seed(14)
    from_the_snapshot = [random.random() for _ in range(3)]  # noqa: S311 - state, not secrets
    random.seed(14)
    wiring.use(SETTINGS, cases=FakeCaseStore(), uploads=FakeUploads())

    snapstart.renew()

    assert [random.random() for _ in range(3)] != from_the_snapshot  # noqa: S311


def test_after_a_restore_secrets_are_read_again_and_no_context_is_kept() -> None:
    current = wiring.use(
        SETTINGS,
        cases=FakeCaseStore(),
        uploads=FakeUploads(),
        challenge=FakeChallenge(),
        origin_secret="read-before-the-snapshot",
    )
    current.idempotency_config.register_lambda_context(FakeContext())  # type: ignore[arg-type]
    DEFAULT_PROVIDERS["secrets"] = object()

    snapstart.renew()

    # Rebuilt from the settings: no origin secret, no challenge (PORTAL_CHALLENGE=off).
    assert current.origin_secret is None
    assert type(current.challenge).__name__ == "NoChallenge"
    assert current.idempotency_config.lambda_context is None
    assert DEFAULT_PROVIDERS == {}
