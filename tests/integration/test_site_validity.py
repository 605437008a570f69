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

    # The quick compiler only (half the CPU time: a run of seconds never repays the optimizing
    # one), with the deeper stack its frames need to evaluate the HTML schema.
    jvm = [java, "-Xss16m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU)]
    command = [*jvm, "--errors-only", "--format", "json", "--skip-non-html"]

    result = subprocess.run(
        [*command, str(built_site)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.stderr.startswith("{"), result.stderr[-2000:]  # the checker itself failed
    root = str(built_site.resolve())
    errors = [
        f"{m.get('url', '').partition(root)[2]}:{m.get('lastLine')}: {m['message']}"
        for m in json.loads(result.stderr)["messages"]
    ]
    assert len(pages) > 60
    assert errors == []
