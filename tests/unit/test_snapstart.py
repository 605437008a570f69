"""
The API's SnapStart hooks (api/snapstart.py): registered by the handler's module, the
before-snapshot hook bootstraps the services and answers one request without writing
anything, the after-restore hook re-seeds randomness, drops the secrets read before the
snapshot and the last request's context.
"""

import json
import random

import snapshot_restore_py
from aws_lambda_powertools.utilities.parameters.constants import DEFAULT_PROVIDERS

from portal.api import app as entry
from portal.api import snapstart
from portal.bootstrap.api import ApiServices, bootstrap_api
from portal.domain.notices import countries
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

    assert (snapstart.prime, (entry.app, entry.current_services), {}) in before
    [bootstrapped] = [arguments[0] for hook, arguments, _ in after if hook is snapstart.renew]
    assert bootstrapped() is None  # nothing bootstrapped yet: the hook bootstraps nothing
    entry.services = bootstrap_api(SETTINGS, cases=FakeCaseStore(), uploads=FakeUploads())
    assert bootstrapped() is entry.services


def test_priming_bootstraps_the_services_and_answers_the_challenge_route_writing_nothing() -> None:
    store, uploads = FakeCaseStore(), FakeUploads()
    bootstrapped: list[ApiServices] = []

    def services() -> ApiServices:
        bootstrapped.append(
            bootstrap_api(SETTINGS, cases=store, uploads=uploads, challenge=FakeChallenge())
        )
        return bootstrapped[-1]

    answer = snapstart.prime(entry.app, services)

    assert answer is not None
    assert answer["statusCode"] == 200
    assert json.loads(answer["body"]) == {"challenge": "fake"}
    assert len(bootstrapped) == 1
    assert "services" not in entry.app.context
    assert (store.cases, store.claims, store.spent, store.outbox, store.taken) == (
        {},
        {},
        {},
        [],
        set(),
    )
    assert (store.mails, store.upload_owners) == ({}, {})
    assert uploads.uploads == {}


def test_a_failed_priming_leaves_the_work_to_the_first_request() -> None:
    class UnreachableSecret:
        def issue(self, now: object) -> None:
            raise ConnectionError("no route to Secrets Manager")

    def unreachable_secret() -> ApiServices:
        return bootstrap_api(
            SETTINGS, cases=FakeCaseStore(), uploads=FakeUploads(), challenge=UnreachableSecret()
        )

    def unreachable_origin_secret() -> ApiServices:
        def origin_secret() -> str:
            raise ConnectionError("no route to Secrets Manager")

        return bootstrap_api(
            SETTINGS, cases=FakeCaseStore(), uploads=FakeUploads(), origin_secret=origin_secret
        )

    failed_route = snapstart.prime(entry.app, unreachable_secret)
    failed_secret = snapstart.prime(entry.app, unreachable_origin_secret)

    # The snapshot is still taken: the route answers with the API's error, the hook returns.
    assert failed_route is not None
    assert failed_route["statusCode"] == 500
    assert failed_secret is None


def test_after_a_restore_randomness_is_seeded_again() -> None:
    services = bootstrap_api(SETTINGS, cases=FakeCaseStore(), uploads=FakeUploads())
    random.seed(14)
    from_the_snapshot = [random.random() for _ in range(3)]  # noqa: S311 - state, not secrets
    random.seed(14)

    snapstart.renew(lambda: services)

    assert [random.random() for _ in range(3)] != from_the_snapshot  # noqa: S311


def test_a_restore_before_any_bootstrap_bootstraps_nothing() -> None:
    random.seed(14)
    DEFAULT_PROVIDERS["secrets"] = object()

    snapstart.renew(lambda: None)

    assert DEFAULT_PROVIDERS == {}


def test_after_a_restore_secrets_are_read_again_and_no_context_is_kept() -> None:
    services = bootstrap_api(SETTINGS, cases=FakeCaseStore(), uploads=FakeUploads())
    services.idempotency_config.register_lambda_context(FakeContext())  # type: ignore[arg-type]
    DEFAULT_PROVIDERS["secrets"] = object()  # Powertools' provider, holding cached values

    snapstart.renew(lambda: services)

    assert services.idempotency_config.lambda_context is None
    assert DEFAULT_PROVIDERS == {}


def test_priming_builds_the_forms_models_that_import_leaves_unbuilt() -> None:
    from pydantic._internal._mock_val_ser import MockValSer

    from portal.api.appeals import AppealRequest
    from portal.api.authority_messages import AuthorityMessageRequest
    from portal.api.notices import NoticeRequest

    code = (
        "from pydantic._internal._mock_val_ser import MockValSer\n"
        "from portal.api import app\n"
        "from portal.api.notices import NoticeRequest\n"
        "import sys\n"
        "print(isinstance(NoticeRequest.__pydantic_validator__, MockValSer), 'babel' in sys.modules)\n"
    )
    import subprocess
    import sys

    fresh = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    store = FakeCaseStore()
    countries.cache_clear()

    snapstart.prime(
        entry.app,
        lambda: bootstrap_api(
            SETTINGS, cases=store, uploads=FakeUploads(), challenge=FakeChallenge()
        ),
    )

    assert fresh == "True False"  # deferred at import: a cold start does not pay for it
    assert countries.cache_info().currsize == 1  # babel's country list, in the snapshot
    for form in (NoticeRequest, AppealRequest, AuthorityMessageRequest):
        assert not isinstance(form.__pydantic_validator__, MockValSer), form
    assert store.cases == {}
