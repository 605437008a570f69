"""`portal openapi` and `portal package`: what is deployed, the API's contract and the zips."""

import argparse
from pathlib import Path

from portal.cli.output import say

DEFAULT_TEMPLATE = Path("infra") / "template.yaml"


def _openapi(args: argparse.Namespace) -> int:
    from portal.api.app import openapi_document

    print(openapi_document())
    return 0


def _package(args: argparse.Namespace) -> int:
    from portal.packaging.artifacts import build_artifacts
    from portal.packaging.lambda_functions import lambda_functions
    from portal.packaging.requirements import PackagingError, find_uv
    from portal.packaging.sizes import render_sizes

    try:
        functions = lambda_functions(args.template)
        artifacts = build_artifacts(
            functions,
            args.uv or find_uv(),
            progress=say,
            python=args.python,
            require_bytecode=args.require_bytecode,
        )
    except (PackagingError, ValueError) as error:
        say(f"error: {error}")
        return 1
    print(render_sizes(artifacts))
    over = [artifact.function.name for artifact in artifacts if not artifact.is_within_limit]
    if over:
        say(f"over the size limit: {', '.join(over)}")
        return 1
    return 0


def add_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    openapi = commands.add_parser("openapi", help="print the API's OpenAPI document")
    openapi.set_defaults(run=_openapi)

    package = commands.add_parser("package", help="build each Lambda function's zip")
    package.add_argument("--template", type=Path, default=DEFAULT_TEMPLATE)
    package.add_argument("--uv", type=Path, help="uv to use (default: as the Makefile finds it)")
    package.add_argument(
        "--python",
        type=Path,
        help="the runtime's Python version, to compile the modules (default: python3.13 on PATH)",
    )
    package.add_argument(
        "--require-bytecode",
        action="store_true",
        help="fail instead of shipping sources only when no such interpreter is found",
    )
    package.set_defaults(run=_package)
