"""
The `pattern` attributes the forms carry, as browsers read them: compiled with the `v`
flag (HTML's rule), where a pattern they cannot compile is silently not checked at all.
"""

import json
import shutil
import subprocess

import pytest

from portal.site.forms import MODELS, field_rules


def html_patterns() -> list[str]:
    # As fields.html writes them: the schema's pattern without its anchors.
    return sorted(
        {
            str(rule["pattern"]).replace("^", "").replace("$", "")
            for form in MODELS
            for rule in field_rules(form).values()
            if rule.get("pattern")
        }
    )


def test_every_pattern_of_the_forms_compiles_in_the_browser() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed to compile the patterns as a browser does", pytrace=False)
    patterns = html_patterns()
    script = (
        f"const bad = {json.dumps(patterns)}.filter(p => {{"
        " try { new RegExp('^(?:' + p + ')$', 'v'); return false; } catch (e) { return true; }"
        " }); console.log(JSON.stringify(bad));"
    )

    refused = json.loads(
        subprocess.run([node, "-e", script], capture_output=True, text=True, check=True).stdout
    )

    assert patterns
    assert refused == []
