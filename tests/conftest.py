"""
Fixtures shared by every suite: the repository's paths, one build of the whole site, and
fresh services for every entry point in each test.
"""

from collections.abc import Iterator
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


@pytest.fixture(autouse=True)
def fresh_services() -> Iterator[None]:
    """
    The one reset of the wiring: after each test, every entry point forgets what it or the
    test bootstrapped, so the next one bootstraps afresh (portal/bootstrap/).
    """
    yield
    from portal.api import app
    from portal.workers import case_events, check_upload, send_mail, sweep_outbox

    app.services = None
    case_events.services = None
    check_upload.services = None
    send_mail.services = None
    sweep_outbox.services = None
