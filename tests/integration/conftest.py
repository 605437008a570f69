"""
Integration tests: the real adapters and handlers against moto's mocked AWS, with the
tables, queues and bucket created from infra/template.yaml.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import botocore.hooks
import botocore.loaders
import botocore.session
import moto  # noqa: F401 - moto must patch botocore before any client exists
import pytest
from moto import mock_aws

from portal.local.handlers import rewire
from tests.integration.harness import LocalPortal

REGION = "eu-west-3"
# mock_aws gives each test a new boto3 session, and each session parsed the same service
# models' JSON again, about a third of a test's time. The models are read-only: one loader
# serves every session (botocore/session.py registers its data_loader through create_loader).
_LOADER = botocore.loaders.create_loader()

# Making a client takes about 20 ms (it copies the session's hundreds of event handlers),
# and a test's stack made 25 of them: over half of an integration test's time. moto's
# stubber is a global botocore handler, so a client made in one test reaches the next
# test's fresh moto backends: clients are kept per worker, by service, arguments and AWS_
# environment. A client whose event handlers a test changed (fault injection) is dropped
# after that test, and the next test gets a new one.
_CLIENTS: dict[tuple[Any, ...], Any] = {}
_NEW_CLIENT: Any = boto3.client
_REGISTER = getattr(botocore.hooks.HierarchicalEmitter, "_register_section")  # noqa: B009 - private, untyped in the stubs
_UNREGISTER = botocore.hooks.HierarchicalEmitter.unregister
_TOUCHED: set[int] = set()  # ids of the emitters registered on since their client was made


def _register_section(self: Any, *args: Any, **kwargs: Any) -> Any:
    _TOUCHED.add(id(self))
    return _REGISTER(self, *args, **kwargs)


def _unregister(self: Any, *args: Any, **kwargs: Any) -> Any:
    _TOUCHED.add(id(self))
    return _UNREGISTER(self, *args, **kwargs)


def _emitter(client: Any) -> Any:
    return client.meta.events._emitter  # EventAliaser around the client's own emitter


def _shared_client(service_name: str, *args: Any, **kwargs: Any) -> Any:
    environment = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("AWS_")))
    key = (service_name, args, tuple(sorted(kwargs.items())), environment)
    try:
        client = _CLIENTS.get(key)
    except TypeError:  # an argument that cannot be a key (a Config): a client of its own
        return _NEW_CLIENT(service_name, *args, **kwargs)
    if client is None:
        client = _CLIENTS[key] = _NEW_CLIENT(service_name, *args, **kwargs)
        _TOUCHED.discard(id(_emitter(client)))
    return client


@pytest.fixture(autouse=True)
def _drop_changed_clients() -> Iterator[None]:
    yield
    for key, client in list(_CLIENTS.items()):
        if id(_emitter(client)) in _TOUCHED:
            del _CLIENTS[key]
    _TOUCHED.clear()


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
    monkeypatch.setattr(boto3, "client", _shared_client)
    monkeypatch.setattr(botocore.hooks.HierarchicalEmitter, "_register_section", _register_section)
    monkeypatch.setattr(botocore.hooks.HierarchicalEmitter, "unregister", _unregister)
    with mock_aws():
        yield


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with _mocked_aws(monkeypatch):
        yield


@pytest.fixture(scope="module")
def module_stack() -> Iterator[LocalPortal]:
    """The portal that module_portal keeps for a module's tests, made once."""
    with pytest.MonkeyPatch.context() as monkeypatch, _mocked_aws(monkeypatch):
        yield LocalPortal(challenge=False)


@pytest.fixture
def module_portal(module_stack: LocalPortal) -> LocalPortal:
    """
    One portal for every test of a module, for tests that keep apart by distinctive keys
    (the contract tests): building the stack costs about a second. Each test finds the
    entry points wired to it again (fresh_services unwired them after the last one).
    """
    rewire(module_stack.wiring)
    return module_stack


@pytest.fixture
def portal(aws: None) -> LocalPortal:
    """The whole portal with the proof-of-work off (PORTAL_CHALLENGE=off)."""
    return LocalPortal(challenge=False)


@pytest.fixture
def guarded_portal(aws: None) -> LocalPortal:
    """The whole portal with the proof-of-work on, at a low cost to solve it quickly."""
    return LocalPortal(challenge=True)
