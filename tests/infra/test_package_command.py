"""
`portal package` (`make package`): what it prints, and failing when a zip is too big, so
that CI notices. The build itself is stood in for; test_artifacts.py covers it.
"""

from collections.abc import Sequence
from pathlib import Path

import pytest

from portal.cli import main
from portal.packaging import artifacts
from portal.packaging.lambda_functions import LambdaFunction
from portal.packaging.sizes import LIMIT_BYTES, MB, Artifact


def stand_in_build(zipped_bytes: int) -> object:
    def build(functions: Sequence[LambdaFunction], uv: Path, **_: object) -> list[Artifact]:
        return [
            Artifact(f, zipped_bytes, unzipped_bytes=3 * zipped_bytes, bytecode=True)
            for f in functions
        ]

    return build


def test_package_prints_each_function_size_and_succeeds_within_the_limit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(artifacts, "build_artifacts", stand_in_build(4 * MB))

    code = main(["package", "--uv", "uv"])

    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert lines[0].split()[:5] == ["function", "artifact", "zipped", "unzipped", "bytecode"]
    api = next(line for line in lines if line.startswith("ApiFunction "))
    _, archive, *sizes = api.split()
    assert archive.endswith("build/lambda/api.zip")
    assert sizes == ["4.0", "MB", "12.0", "MB", "yes", "5", "MB", "ok"]


def test_package_fails_when_a_zip_is_over_the_limit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(artifacts, "build_artifacts", stand_in_build(LIMIT_BYTES + 1))

    code = main(["package", "--uv", "uv"])

    shown = capsys.readouterr()
    assert code == 1
    assert "OVER" in shown.out
    assert "over the size limit: ApiFunction, MailFunction" in shown.err
