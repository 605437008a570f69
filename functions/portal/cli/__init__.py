"""
The `portal` command: build and serve the site, report translations, package the Lambda
functions, compute and publish the active recipients (and what later features add). Each
group of subcommands lives in its own module, which adds its parsers; each subcommand
parses its options and calls one function.
"""

import argparse
import sys
from pathlib import Path

from portal.cli import deploy, dev, diff, recipients, report, site

DEFAULT_CONFIG = Path("mkdocs.yml")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="portal", description=__doc__)
    root.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="mkdocs.yml to use")
    commands = root.add_subparsers(dest="command", required=True)
    for group in (site, diff, deploy, recipients, dev, report):
        group.add_commands(commands)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
