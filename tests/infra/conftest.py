"""
Infra tests: how the Lambda deployment artifacts are made.
"""

from pathlib import Path

import pytest

from portal.packaging.requirements import find_uv


@pytest.fixture(scope="session")
def uv() -> Path:
    return find_uv()
