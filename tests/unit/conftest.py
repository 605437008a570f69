"""
Unit tests run without AWS: no credentials, no endpoint, idempotency off (fakes stand in).
"""

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def no_aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-3")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "unit-tests-use-no-aws")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "unit-tests-use-no-aws")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.setenv("POWERTOOLS_IDEMPOTENCY_DISABLED", "1")
    yield
