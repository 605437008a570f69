"""`portal build`, `portal serve` and `portal translations`: the multilingual site."""

import argparse
import os
from pathlib import Path

from portal.cli.output import say

DEFAULT_OUT = Path("build") / "site"


def _build(args: argparse.Namespace) -> int:
    from portal.site.build import BuildError, build_site

    try:
        results = build_site(args.config, args.out, args.lang or None, progress=say, pdfs=args.pdf)
    except BuildError as error:
        say(f"error: {error}")
        return 1
    say(f"site written to {args.out}/ ({', '.join(r.lang for r in results)})")
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
        say(f"translations incomplete: {', '.join(incomplete)}")
        return 1
    return 0


def add_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    build = commands.add_parser("build", help="build the site for every language")
    build.add_argument("--out", type=Path, default=DEFAULT_OUT)
    build.add_argument("--lang", action="append", help="only this language (repeatable)")
    build.add_argument("--pdf", action="store_true", help="and every version's PDF")
    build.set_defaults(run=_build)

    serve = commands.add_parser("serve", help="build and serve the whole portal locally")
    serve.add_argument("--out", type=Path, default=DEFAULT_OUT)
    serve.add_argument("--lang", action="append", help="only build this language")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--no-build", action="store_true", help="serve the existing build")
    serve.add_argument("--pdf", action="store_true", help="build every version's PDF too")
    serve.set_defaults(run=_serve)

    report = commands.add_parser("translations", help="missing and outdated translations")
    report.add_argument("--lang", action="append", help="only this language (repeatable)")
    report.add_argument("--strict", action="store_true", help="exit 1 when any is incomplete")
    report.set_defaults(run=_translations)
