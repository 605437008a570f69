"""`portal recipients ...`: the average monthly active recipients (Art. 24(2) DSA)."""

import argparse
from pathlib import Path

DEFAULT_PUBLICATIONS = Path("docs") / "active-recipients.yml"


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


def add_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
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
