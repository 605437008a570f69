"""
Fixtures shared by every suite: the repository's paths and one build of the whole site.
"""

from pathlib import Path

import pytest

from portal.site.build import build_site
from portal.site.config import SiteConfig, load_site_config

REPO = Path(__file__).resolve().parents[1]
CONFIG_FILE = REPO / "mkdocs.yml"


@pytest.fixture(scope="session")
def site() -> SiteConfig:
    return load_site_config(CONFIG_FILE)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site, every language, built once per test session."""
    out = tmp_path_factory.mktemp("site")
    build_site(CONFIG_FILE, out)
    return out
