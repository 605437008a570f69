"""
The W3C Nu HTML checker finds no error on any built page, in any language, the staff
console's included (issue 13). It runs once over the whole site: one Java process, which
takes seconds to start.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_the_html_checker_finds_no_error_on_any_page(built_site: Path) -> None:
    java = os.environ.get("JAVA", shutil.which("java") or "java")
    if not VNU.is_file() or not shutil.which(java):
        pytest.fail("the HTML checker is missing: run `make vnu`", pytrace=False)
    pages = list(built_site.rglob("*.html"))

    command = [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html"]

    result = subprocess.run(
        [*command, str(built_site)],
        capture_output=True,
        text=True,
        check=False,
    )

    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{m.get('url', '').rpartition(built_site.name)[2]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
    ]
    assert len(pages) > 60
    assert errors == []
