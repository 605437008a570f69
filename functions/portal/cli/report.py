"""`portal report transparency`: the Art. 15 and 24(1) DSA report in the harmonised templates."""

import argparse
from pathlib import Path


def _transparency(args: argparse.Namespace) -> int:
    from portal.report.commands import transparency

    return transparency(
        args.start,
        args.end,
        args.out,
        local=args.local,
        export=args.export,
        table=args.table,
        bucket=args.bucket,
        qualitative_path=args.qualitative,
        records_path=args.records,
        published=args.published,
        memory_limit=args.memory_limit,
        engine_name=args.engine,
    )


def add_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    from portal.report.commands import DEFAULT_QUALITATIVE, DEFAULT_RECORDS

    report = commands.add_parser("report", help="reports computed from the cases")
    kinds = report.add_subparsers(dest="report", required=True)
    transparency = kinds.add_parser(
        "transparency", help="the Art. 15 and 24(1) DSA report as CSV files and an XLSX workbook"
    )
    transparency.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
    transparency.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
    transparency.add_argument("--out", type=Path, required=True, help="directory to write")
    source = transparency.add_mutually_exclusive_group()
    source.add_argument(
        "--local", metavar="URL", help="a running `make serve`, e.g. http://127.0.0.1:8000"
    )
    source.add_argument("--export", type=Path, help="an export already downloaded (a directory)")
    transparency.add_argument("--table", help="the cases table (AWS, default credentials)")
    transparency.add_argument("--bucket", help="an S3 bucket for the table's export (AWS)")
    transparency.add_argument("--qualitative", type=Path, default=DEFAULT_QUALITATIVE)
    transparency.add_argument("--records", type=Path, default=DEFAULT_RECORDS)
    transparency.add_argument("--published", metavar="YYYY-MM-DD", help="publication date")
    transparency.add_argument(
        "--engine",
        choices=("duckdb", "athena"),
        default="duckdb",
        help="duckdb on this machine, or athena over the export in S3 (ATHENA_* variables)",
    )
    transparency.add_argument("--memory-limit", default="1GB", help="duckdb memory limit")
    transparency.set_defaults(run=_transparency)
