"""
The `portal` command: build and serve the site, report translations, package the Lambda
functions, compute and publish the active recipients (and what later features add).
Each subcommand parses its options and calls one function.
"""

import argparse
import os
import sys
from pathlib import Path

DEFAULT_CONFIG = Path("mkdocs.yml")
DEFAULT_OUT = Path("build") / "site"
DEFAULT_TEMPLATE = Path("infra") / "template.yaml"

DEFAULT_PUBLICATIONS = Path("docs") / "active-recipients.yml"


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _build(args: argparse.Namespace) -> int:
    from portal.site.build import BuildError, build_site

    try:
        results = build_site(args.config, args.out, args.lang or None, progress=_say)
    except BuildError as error:
        _say(f"error: {error}")
        return 1
    _say(f"site written to {args.out}/ ({', '.join(r.lang for r in results)})")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from portal.local.server import serve

    if not args.no_build and _build(args) != 0:
        return 1
    return serve(args.config, args.out, args.host, args.port)


def _translations(args: argparse.Namespace) -> int:
    from portal.site.config import load_site_config
    from portal.site.translations import check_translations, render_report

    site = load_site_config(args.config)
    reports = check_translations(site, args.lang or None)
    print(render_report(reports))
    incomplete = [report.lang for report in reports if not report.is_complete]
    if args.strict and incomplete:
        _say(f"translations incomplete: {', '.join(incomplete)}")
        return 1
    return 0


def _openapi(args: argparse.Namespace) -> int:
    from portal.api.app import openapi_document

    print(openapi_document())
    return 0


def _package(args: argparse.Namespace) -> int:
    from portal.packaging.artifacts import build_artifacts, render_sizes
    from portal.packaging.lambda_functions import lambda_functions
    from portal.packaging.requirements import PackagingError, find_uv

    try:
        functions = lambda_functions(args.template)
        artifacts = build_artifacts(
            functions,
            args.uv or find_uv(),
            progress=_say,
            python=args.python,
            require_bytecode=args.require_bytecode,
        )
    except (PackagingError, ValueError) as error:
        _say(f"error: {error}")
        return 1
    print(render_sizes(artifacts))
    over = [artifact.function.name for artifact in artifacts if not artifact.is_within_limit]
    if over:
        _say(f"over the size limit: {', '.join(over)}")
        return 1
    return 0


def _recipients_sample(args: argparse.Namespace) -> int:
    from portal.recipients.commands import sample

    return sample(args.out, args.rows, args.months, args.seed)


def _recipients_compute(args: argparse.Namespace) -> int:
    from portal.recipients.commands import compute

    return compute(
        args.engine,
        args.events,
        args.period_end,
        args.out,
        memory_limit=args.memory_limit,
        threads=args.threads,
    )


def _recipients_publish(args: argparse.Namespace) -> int:
    from portal.recipients.commands import publish

    return publish(args.result, args.data, args.allow_missing_months)


def _recipients_check(args: argparse.Namespace) -> int:
    from portal.recipients.commands import check

    return check(args.data)


def _recipients_schema(args: argparse.Namespace) -> int:
    from portal.recipients.commands import schema

    return schema()


def _add_recipients(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    recipients = commands.add_parser(
        "recipients", help="average monthly active recipients in the Union (Art. 24(2) DSA)"
    )
    steps = recipients.add_subparsers(dest="step", required=True)

    sample = steps.add_parser("sample", help="write realistic sample activity events")
    sample.add_argument("--out", type=Path, required=True, help="a .parquet or .csv file")
    sample.add_argument("--rows", type=int, default=10_000)
    sample.add_argument("--months", nargs="+", metavar="YYYY-MM", help="default: last six")
    sample.add_argument("--seed", type=int, default=1)
    sample.set_defaults(run=_recipients_sample)

    compute = steps.add_parser("compute", help="count the six months ending with --period-end")
    compute.add_argument("--events", help="Parquet or CSV path or glob (duckdb engine)")
    compute.add_argument("--period-end", required=True, metavar="YYYY-MM")
    compute.add_argument("--engine", choices=("duckdb", "athena"), default="duckdb")
    compute.add_argument("--out", type=Path, help="write the record here (default: stdout)")
    compute.add_argument("--memory-limit", default="1GB", help="duckdb memory limit")
    compute.add_argument("--threads", type=int, help="duckdb threads (default: every core)")
    compute.set_defaults(run=_recipients_compute)

    publish = steps.add_parser("publish", help="add a computed record to the publications")
    publish.add_argument("--result", type=Path, required=True, help="a record from compute")
    publish.add_argument("--data", type=Path, default=DEFAULT_PUBLICATIONS)
    publish.add_argument("--allow-missing-months", action="store_true")
    publish.set_defaults(run=_recipients_publish)

    check = steps.add_parser("check", help="validate every entry of the publications file")
    check.add_argument("--data", type=Path, default=DEFAULT_PUBLICATIONS)
    check.set_defaults(run=_recipients_check)

    schema = steps.add_parser("schema", help="print the JSON Schema of a computed record")
    schema.set_defaults(run=_recipients_schema)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="portal", description=__doc__)
    root.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="mkdocs.yml to use")
    commands = root.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build the site for every language")
    build.add_argument("--out", type=Path, default=DEFAULT_OUT)
    build.add_argument("--lang", action="append", help="only this language (repeatable)")
    build.set_defaults(run=_build)

    serve = commands.add_parser("serve", help="build and serve the whole portal locally")
    serve.add_argument("--out", type=Path, default=DEFAULT_OUT)
    serve.add_argument("--lang", action="append", help="only build this language")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--no-build", action="store_true", help="serve the existing build")
    serve.set_defaults(run=_serve)

    report = commands.add_parser("translations", help="missing and outdated translations")
    report.add_argument("--lang", action="append", help="only this language (repeatable)")
    report.add_argument("--strict", action="store_true", help="exit 1 when any is incomplete")
    report.set_defaults(run=_translations)

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

    _add_recipients(commands)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
