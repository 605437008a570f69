"""
Fixtures shared by every suite: the repository's paths, one build of the whole site, and
fresh services for every entry point in each test.
"""

import fcntl
import os
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from portal.site.build import build_site
from portal.site.config import SiteConfig, load_site_config

REPO = Path(__file__).resolve().parents[1]
CONFIG_FILE = REPO / "mkdocs.yml"


@pytest.fixture(scope="session")
def site() -> SiteConfig:
    return load_site_config(CONFIG_FILE)


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of this run that every pytest-xdist worker shares (each has its own basetemp)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if "PYTEST_XDIST_WORKER" in os.environ else base


T = TypeVar("T")


def once_per_run(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], T]
) -> T:
    """
    What `make` builds into a folder of the run, once for every pytest-xdist worker: the
    first worker to need it builds it under a lock and pickles the result, the others wait
    and read it. (--dist loadfile can send two files needing the same costly build, such
    as the Lambda artifacts, to two workers.)
    """
    shared = run_folder(tmp_path_factory)
    out = shared / name
    result = shared / f"{name}.pickle"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not result.exists():
            out.mkdir()
            made = make(out)
            result.write_bytes(pickle.dumps(made))
            return made
    loaded: T = pickle.loads(result.read_bytes())  # noqa: S301 - written by this run
    return loaded


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """
    The repository's site, every language, built once per test run: the first worker to
    need it builds it under a lock, the others wait and read the same folder.
    """
    shared = run_folder(tmp_path_factory)
    out = shared / "site"
    done = shared / "site.built"
    with (shared / "site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            # The versions' PDF sources are kept (a few JSON files): tests/integration/
            # test_site_pdfs.py renders some of them rather than every PDF on every run.
            build_site(CONFIG_FILE, out, print_dir=shared / PRINT_SOURCES)
            done.touch()
    return out


PRINT_SOURCES = "site-print"


@pytest.fixture(scope="session")
def edited_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """
    A copy of the site with the edits of tests/edited_site.py, every language, built once
    per test run like `built_site` (the tests that read it may run on two workers).
    """
    from tests.edited_site import edit_project
    from tests.sitetools import copy_project

    def make(folder: Path) -> Path:
        project = copy_project(folder)
        edit_project(project)
        build_site(project / "mkdocs.yml", project / "out")
        return project / "out"

    return once_per_run(tmp_path_factory, "edited-site", make)


@pytest.fixture(scope="session")
def print_sources(built_site: Path) -> Path:
    """The PDF sources that the session's build wrote (portal.site.print_documents)."""
    return built_site.parent / PRINT_SOURCES


@pytest.fixture(scope="session")
def portal_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """
    The whole portal (`portal serve`) in its own process, proof-of-work on: one for the
    run, shared by the workers whose tests need it (the browser tests' forms and staff
    console, the staff sign-in tests), which --dist loadfile may send to different workers.
    """
    from tests.serving import shared_portal

    with shared_portal(built_site, run_folder(tmp_path_factory), challenge="on") as url:
        yield url


@pytest.fixture(autouse=True)
def fresh_services() -> Iterator[None]:
    """
    The one reset of the wiring: after each test, every entry point forgets what it or the
    test bootstrapped (portal.local.handlers.ENTRY_POINTS), so the next test bootstraps
    afresh (portal/bootstrap/). A stack kept for a module's tests wires them again before
    each of its tests (tests/integration/conftest.py, module_portal).
    """
    yield
    from portal.local.handlers import unwire

    unwire()
