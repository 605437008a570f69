"""
Infrastructure checks, all offline: the SAM template translated to CloudFormation with
samtranslator (local CodeUri paths replaced by S3 placeholders, as `sam deploy` would),
and the Lambda deployment artifacts, built once per session into a temporary folder, both
for the Lambda runtime and for this machine's Python (whose compiled wheels can be
imported here), run in a Python that sees only what Lambda would.
"""

import copy
import dataclasses
import os
import subprocess
import sys
from importlib.metadata import packages_distributions
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import boto3
import pytest

from portal.packaging.artifacts import build_artifacts
from portal.packaging.lambda_functions import LambdaFunction, lambda_functions
from portal.packaging.requirements import LAMBDA, SDK_PACKAGES, Target, find_uv
from portal.packaging.sizes import Artifact
from portal.template import load_template
from tests.conftest import once_per_run

INFRA = Path(__file__).resolve().parents[2] / "infra"
TEMPLATE = INFRA / "template.yaml"
EDGE = INFRA / "edge.yaml"
PLACEHOLDER_BUCKET = "offline-artifacts"
REGION = "eu-west-3"
ACCOUNT = "123456789012"


def with_placeholder_code(sam: dict[str, Any]) -> dict[str, Any]:
    """CodeUri paths become s3:// placeholders (samtranslator accepts no local paths)."""
    ready = copy.deepcopy(sam)
    for name, resource in ready["Resources"].items():
        if resource["Type"] == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = f"s3://{PLACEHOLDER_BUCKET}/{name}.zip"
    return ready


def translate(sam: dict[str, Any]) -> dict[str, Any]:
    # Imported here: samtranslator takes 1.5 s to import, and every pytest-xdist worker
    # collects this folder, though only the one running these tests translates.
    from samtranslator.parser.parser import Parser
    from samtranslator.translator.translator import Translator

    translator = Translator(
        managed_policy_map=None,
        sam_parser=Parser(),
        boto_session=boto3.session.Session(region_name=REGION),
    )
    result: dict[str, Any] = translator.translate(
        sam_template=with_placeholder_code(sam),
        parameter_values={
            "AWS::Region": REGION,
            "AWS::AccountId": ACCOUNT,
            "AWS::Partition": "aws",
        },
        get_managed_policy_map=lambda: {},
    )
    return result


@pytest.fixture(scope="session")
def sam() -> dict[str, Any]:
    return load_template(TEMPLATE)


@pytest.fixture(scope="session")
def translated(sam: dict[str, Any]) -> dict[str, Any]:
    return translate(sam)


@pytest.fixture(scope="session")
def edge() -> dict[str, Any]:
    return load_template(EDGE)


def resources(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in template["Resources"].items() if r["Type"] == kind}


HOST = Target(python_version=f"{sys.version_info.major}.{sys.version_info.minor}")


def relocated(out: Path) -> list[LambdaFunction]:
    """The template's functions with their code folders under `out` instead of build/lambda/."""
    return [dataclasses.replace(f, code_dir=out / f.code_dir.name) for f in lambda_functions()]


def by_function(artifacts: list[Artifact]) -> dict[str, Artifact]:
    return {artifact.function.name: artifact for artifact in artifacts}


def isolated(
    code: str, *path: Path, flags: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """
    Runs Python code that imports only from the given folders and the standard library:
    no site-packages (-S), no current directory (-P), no environment but PATH; and it
    writes no bytecode (-B), which would change the artifact.
    """
    return subprocess.run(
        [sys.executable, "-B", "-S", "-P", *flags, "-c", code],
        env={"PATH": os.environ["PATH"], "PYTHONPATH": os.pathsep.join(map(str, path))},
        cwd=path[0],
        capture_output=True,
        text=True,
        check=False,
    )


def run_isolated(code: str, *path: Path) -> str:
    """`isolated`, which must succeed; its standard output."""
    done = isolated(code, *path)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="session")
def uv() -> Path:
    return find_uv()


@pytest.fixture(scope="session")
def lambda_artifacts(tmp_path_factory: pytest.TempPathFactory, uv: Path) -> dict[str, Artifact]:
    """Every function's artifact for the Lambda runtime, as `make package` builds it."""
    return once_per_run(
        tmp_path_factory,
        "lambda",
        lambda out: by_function(build_artifacts(relocated(out), uv, LAMBDA)),
    )


@pytest.fixture(scope="session")
def host_artifacts(tmp_path_factory: pytest.TempPathFactory, uv: Path) -> dict[str, Artifact]:
    """The same artifacts built the same way for this machine's Python, to import them here."""
    return once_per_run(
        tmp_path_factory, "host", lambda out: by_function(build_artifacts(relocated(out), uv, HOST))
    )


@pytest.fixture(scope="session")
def runtime_sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The AWS SDK as the Lambda runtime provides it: this environment's copy, and nothing else."""
    folder = tmp_path_factory.mktemp("runtime-sdk")
    for top_level, distributions in packages_distributions().items():
        if {name.lower() for name in distributions} & set(SDK_PACKAGES):
            spec = find_spec(top_level)
            assert spec is not None and spec.origin is not None, top_level
            origin = Path(spec.origin)
            source = origin.parent if spec.submodule_search_locations else origin
            (folder / source.name).symlink_to(source)
    return folder
