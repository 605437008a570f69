"""
The templates pass samtranslator, cfn-lint (no errors) and checkov (no failed check but
those skipped, each with its reason, in infra/checkov-skips.yaml).
"""

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from cfnlint.api import ManualArgs, lint_file

from tests.infra.conftest import EDGE, INFRA, TEMPLATE

CHECKOV = Path(__file__).resolve().parents[2] / ".tools" / "checkov" / "bin" / "python"
SCAN = Path(__file__).with_name("checkov_scan.py")
SKIPS = INFRA / "checkov-skips.yaml"


def errors(matches: list[Any]) -> list[str]:
    return [
        f"{m.rule.id} {m.message} ({m.filename}:{m.linenumber})"
        for m in matches
        if m.rule.id.startswith("E")
    ]


def test_the_sam_template_translates_to_cloudformation(translated: dict[str, Any]) -> None:
    kinds = {resource["Type"] for resource in translated["Resources"].values()}

    assert "AWS::Lambda::Function" in kinds
    assert "AWS::ApiGatewayV2::Api" in kinds
    assert not any(kind.startswith("AWS::Serverless::") for kind in kinds)


def test_cfn_lint_finds_no_error_in_the_templates() -> None:
    # cfn-lint translates the SAM template itself (samtranslator) and lints the result, with
    # lines in the SAM template: a second pass over our translation found the same errors.
    assert errors(lint_file(TEMPLATE, ManualArgs(regions=["eu-west-3"]))) == []
    assert errors(lint_file(EDGE, ManualArgs(regions=["us-east-1"]))) == []


def skips() -> dict[str, dict[str, Any]]:
    loaded: dict[str, dict[str, Any]] = yaml.safe_load(SKIPS.read_text("utf-8"))
    return loaded


def test_every_skipped_checkov_check_has_a_reason_and_named_resources() -> None:
    entries = skips()

    assert entries, "infra/checkov-skips.yaml lists no skip"
    for check, entry in entries.items():
        assert str(check).startswith("CKV"), check
        assert len(str(entry.get("reason", "")).split()) >= 10, f"{check} needs a reason"
        assert entry.get("resources"), f"{check} names no resource"


def is_skipped(check_id: str, resource: str, entries: dict[str, dict[str, Any]]) -> bool:
    entry = entries.get(check_id)
    if entry is None:
        return False
    logical_id = resource.rsplit(".", 1)[-1]
    return "*" in entry["resources"] or logical_id in entry["resources"]


def test_checkov_finds_no_failed_check_but_the_documented_ones(
    translated: dict[str, Any], tmp_path: Path
) -> None:
    if not os.access(CHECKOV, os.X_OK):
        pytest.fail(
            f"checkov not found at {CHECKOV}: run `make test`, which installs it", pytrace=False
        )
    # The translated template, not also the SAM one: checkov finds the same failed checks
    # on both, and the second scan costs a sixth of the test.
    (tmp_path / "translated.json").write_text(json.dumps(translated), "utf-8")
    (tmp_path / "edge.yaml").write_text(EDGE.read_text("utf-8"), "utf-8")
    # checkov's environment keeps the bytecode it compiles: each run would compile its
    # 2,600 modules again (5 s) under PYTHONDONTWRITEBYTECODE.
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    result = subprocess.run(
        [str(CHECKOV), str(SCAN), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )

    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    reports = loaded if isinstance(loaded, list) else [loaded]
    found = [
        (c["check_id"], c["resource"], c["file_path"])
        for r in reports
        for c in r.get("results", {}).get("failed_checks", [])
    ]
    entries = skips()
    unexplained = [
        f"{check} {resource} ({path})"
        for check, resource, path in found
        if not is_skipped(check, resource, entries)
    ]
    used = {check for check, resource, _ in found if is_skipped(check, resource, entries)}
    assert unexplained == []
    assert sorted(set(entries) - used) == [], "skips that match nothing any more"
    assert sum(r.get("summary", {}).get("passed", 0) for r in reports) > 100
