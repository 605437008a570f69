"""
Integration tests: the real adapters and handlers against moto's mocked AWS, with the
tables, queues and bucket created from infra/template.yaml.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import botocore.loaders
import botocore.session
import moto  # noqa: F401 - moto must patch botocore before any client exists
import pytest
from moto import mock_aws

from tests.integration.harness import LocalPortal

REGION = "eu-west-3"
# mock_aws gives each test a new boto3 session, and each session parsed the same service
# models' JSON again, about a third of a test's time. The models are read-only: one loader
# serves every session (botocore/session.py registers its data_loader through create_loader).
_LOADER = botocore.loaders.create_loader()


@contextmanager
def _mocked_aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_ACCOUNT_ID_ENDPOINT_MODE", "disabled")
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "1")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("POWERTOOLS_IDEMPOTENCY_DISABLED", raising=False)
    monkeypatch.setattr(botocore.session, "create_loader", lambda search_path_string=None: _LOADER)
    with mock_aws():
        yield


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with _mocked_aws(monkeypatch):
        yield


@pytest.fixture(scope="module")
def module_portal() -> Iterator[LocalPortal]:
    """
    One portal for every test of a module, for tests that keep apart by distinctive keys
    (the contract tests): building the stack costs about a second.
    """
    with pytest.MonkeyPatch.context() as monkeypatch, _mocked_aws(monkeypatch):
        yield LocalPortal(challenge=False)


@pytest.fixture
def portal(aws: None) -> LocalPortal:
    """The whole portal with the proof-of-work off (PORTAL_CHALLENGE=off)."""
    return LocalPortal(challenge=False)


@pytest.fixture
def guarded_portal(aws: None) -> LocalPortal:
    """The whole portal with the proof-of-work on, at a low cost to solve it quickly."""
    return LocalPortal(challenge=True)
