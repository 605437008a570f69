"""
What of the `portal` package goes into an artifact: everything a handler can import, and
not the site build, local runs, the command line, the template reader or the packaging;
import-linter's contract on deployed code forbids exactly those parts.
"""

import tomllib
from pathlib import Path

from portal.packaging.content import EXCLUDED, copy_portal

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def deployed_contract() -> dict[str, list[str]]:
    contracts = tomllib.loads(PYPROJECT.read_text("utf-8"))["tool"]["importlinter"]["contracts"]
    [contract] = [c for c in contracts if "portal.api" in c.get("source_modules", [])]
    return dict(contract)


def test_the_copy_leaves_out_its_excluded_parts(tmp_path: Path) -> None:
    copy = copy_portal(tmp_path)

    assert (copy / "api" / "app.py").is_file()
    assert (copy / "workers" / "send_mail.py").is_file()
    assert (copy / "bootstrap" / "api.py").is_file()
    for part in EXCLUDED:
        assert not (copy / part).exists(), part
    assert not list(copy.rglob("__pycache__"))


def test_deployed_code_may_import_none_of_the_parts_left_out() -> None:
    contract = deployed_contract()
    left_out = {f"portal.{part.removesuffix('.py')}" for part in EXCLUDED}

    assert set(contract["forbidden_modules"]) == left_out
    deployed = {path.name for path in (PYPROJECT.parent / "functions" / "portal").iterdir()}
    packages = {module.removeprefix("portal.") for module in contract["source_modules"]}
    assert packages == {"api", "workers", "bootstrap", "mail", "adapters", "domain"} | {
        name.removesuffix(".py")
        for name in deployed
        if name.endswith(".py") and name not in EXCLUDED and name != "__init__.py"
    }
