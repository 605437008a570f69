"""
The `portal` command: build and serve the site, report translations, package the Lambda
functions (and what later features add). Each subcommand parses its options and calls one function.
"""

import argparse
import os
import sys
from pathlib import Path

DEFAULT_CONFIG = Path("mkdocs.yml")
DEFAULT_OUT = Path("build") / "site"
DEFAULT_TEMPLATE = Path("infra") / "template.yaml"


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
        artifacts = build_artifacts(functions, args.uv or find_uv(), progress=_say)
    except (PackagingError, ValueError) as error:
        _say(f"error: {error}")
        return 1
    print(render_sizes(artifacts))
    over = [artifact.function.name for artifact in artifacts if not artifact.is_within_limit]
    if over:
        _say(f"over the size limit: {', '.join(over)}")
        return 1
    return 0


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
    package.set_defaults(run=_package)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
