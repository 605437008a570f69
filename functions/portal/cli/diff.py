"""`portal diff`: what readers will see change between two revisions of the site."""

import argparse
import time
from pathlib import Path

from portal.cli.output import say


def _diff(args: argparse.Namespace) -> int:
    from portal.site.build import BuildError
    from portal.site.diff_report import render_html, render_markdown, render_text
    from portal.site.revision_diff import diff_revisions
    from portal.site.revisions import RevisionError

    started = time.perf_counter()
    try:
        diff = diff_revisions(args.config, args.base, args.head, progress=say)
    except (BuildError, RevisionError) as error:
        say(f"error: {error}")
        return 1
    render = {"text": render_text, "markdown": render_markdown, "html": render_html}
    output = render[args.format](diff)
    if args.out:
        args.out.write_text(output, encoding="utf-8")
        say(f"diff written to {args.out}")
    else:
        print(output, end="")
    say(f"{len(diff.pages)} page change(s) in {time.perf_counter() - started:.1f} s")
    return 0


def add_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    diff = commands.add_parser(
        "diff", help="what readers will see change between two revisions of the site"
    )
    diff.add_argument("base", help="git revision to compare from (a branch, tag or commit)")
    diff.add_argument("head", nargs="?", help="git revision to compare to (the working tree)")
    diff.add_argument("--format", choices=("text", "markdown", "html"), default="text")
    diff.add_argument("--out", type=Path, help="write to this file instead of standard output")
    diff.set_defaults(run=_diff)
