"""
Benchmark of `portal recipients compute` (DuckDB engine) against the same count written as
one plain DuckDB query, on six months of sample events (50 million by default; about 4.9
million distinct recipients a month in the Union, 27 Member States, traffic from outside
the EU, bots).

    .venv/bin/python benchmarks/recipients.py [--rows N] [--repeat 3] [--interleaved]

The events are generated once under build/bench/ and reused. Each run is a fresh process;
its wall time and peak memory are measured with GNU time; the median run is shown.
`--interleaved` also writes and measures a copy whose months are mixed in every row group,
the worst case for the per-month queries of the portal's engine. Not a test: it prints
figures and the targets, and never fails on them.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple

import pyarrow.parquet as pq

from portal.domain.months import period_months
from portal.recipients.sample import write_sample

BENCH = Path("build") / "bench"
PERIOD_END = date(2026, 6, 1)
PORTAL = Path(sys.executable).with_name("portal")
# Targets on a 2-core machine: compute within 1.2x of the plain query, at most 2 GB,
# 50 million rows in at most 20 s.
MAX_RATIO, MAX_PEAK_BYTES, MAX_SECONDS_PER_50M = 1.2, 2 * 1024**3, 20.0

# The count as an analyst would write it: one query, DuckDB's defaults, all in memory.
PLAIN_QUERY = """
import json, sys, duckdb
connection = duckdb.connect()
connection.execute("SET TimeZone = 'UTC'")
connection.execute("SET enable_progress_bar = false")
rows = connection.execute('''
    WITH events AS (
        SELECT recipient_id,
               CAST(date_trunc('month', CAST(occurred_at AS TIMESTAMP)) AS DATE) AS activity_month,
               CASE country WHEN 'EL' THEN 'GR' ELSE country END AS member_state
        FROM read_parquet(?)
        WHERE NOT is_bot
          AND occurred_at >= TIMESTAMP '2026-01-01' AND occurred_at < TIMESTAMP '2026-07-01'
    )
    SELECT activity_month, member_state, count(DISTINCT recipient_id)
    FROM events
    WHERE member_state IN ('AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR',
        'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE',
        'SI', 'SK')
    GROUP BY GROUPING SETS ((activity_month), (activity_month, member_state))
''', [sys.argv[1]]).fetchall()
union = {str(month)[:7]: count for month, state, count in rows if state is None}
print(json.dumps(union))
"""


SHUFFLE = """
import sys, duckdb
with duckdb.connect() as connection:
    connection.execute("SET preserve_insertion_order = false")
    connection.execute("SET enable_progress_bar = false")
    relation = connection.read_parquet(sys.argv[1]).order("hash(recipient_id, occurred_at)")
    relation.write_parquet(sys.argv[2], compression="zstd")
"""


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_bytes: int
    union: dict[str, int]


def ensure_events(path: Path, rows: int) -> None:
    if path.exists() and pq.ParquetFile(path).metadata.num_rows == rows:
        print(f"reusing {path}", flush=True)
        return
    started = time.monotonic()
    print(f"writing {rows:,} events to {path} ...", flush=True)
    write_sample(path, rows=rows, months=period_months(PERIOD_END))
    print(f"  done in {time.monotonic() - started:.1f} s", flush=True)


def ensure_interleaved(source: Path, path: Path) -> None:
    rows = pq.ParquetFile(source).metadata.num_rows
    if path.exists() and pq.ParquetFile(path).metadata.num_rows == rows:
        print(f"reusing {path}", flush=True)
        return
    print(f"writing {path} (months mixed in every row group) ...", flush=True)
    # In a child process, so that this one stays small (see measure()).
    subprocess.run([sys.executable, "-c", SHUFFLE, str(source), str(path)], check=True)


class Figures(NamedTuple):
    seconds: float  # wall
    peak_bytes: int  # the command's peak resident memory
    stdout: str
    cpu_seconds: float  # user and system


def measure(command: list[str]) -> Figures:
    """
    Wall time, peak resident memory, stdout and CPU time of `command` in a fresh process.
    GNU time stands in between: a child forked straight from this process would inherit
    its high-water mark in ru_maxrss.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".time") as figures:
        done = subprocess.run(
            ["/usr/bin/time", "-o", figures.name, "-f", "%e %M %U %S", *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            check=False,
            text=True,
        )
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed with {done.returncode}")
        seconds, kilobytes, user, system = figures.read().split()[-4:]
    return Figures(float(seconds), int(kilobytes) * 1024, done.stdout, float(user) + float(system))


def run_compute(events: Path) -> Run:
    result = BENCH / "result.json"
    seconds, peak, *_ = measure(
        [
            str(PORTAL),
            "recipients",
            "compute",
            "--events",
            str(events),
            "--period-end",
            "2026-06",
            "--out",
            str(result),
        ]
    )
    record = json.loads(result.read_text(encoding="utf-8"))
    return Run(seconds, peak, {m["month"]: m["union"] for m in record["months"]})


def run_plain(events: Path) -> Run:
    seconds, peak, out, _ = measure([sys.executable, "-c", PLAIN_QUERY, str(events)])
    return Run(seconds, peak, json.loads(out))


def median(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]


def report(label: str, runs: list[Run], rows: int) -> None:
    run = median(runs)
    best = min(r.seconds for r in runs)
    spread = ", ".join(f"{r.seconds:.1f}" for r in runs)
    print(
        f"  {label:<28} median {run.seconds:5.1f} s {rows / run.seconds:>11,.0f} rows/s "
        f"{run.peak_bytes / 1024**3:5.2f} GB | best {best:5.1f} s {rows / best:>11,.0f} rows/s"
        f"  (runs: {spread} s)"
    )


def bench(events: Path, rows: int, repeat: int) -> None:
    print(f"\n{events}: {rows:,} rows, {events.stat().st_size / 1024**2:,.0f} MB", flush=True)
    print(
        f"  load average before: {os.getloadavg()[0]:.2f} (other work on the machine skews times)"
    )
    compute: list[Run] = []
    plain: list[Run] = []
    for _ in range(repeat):  # alternate, so that both see the same machine conditions
        compute.append(run_compute(events))
        plain.append(run_plain(events))
    report("portal recipients compute", compute, rows)
    report("plain DuckDB query", plain, rows)
    mine, theirs = median(compute), median(plain)
    ratio = mine.seconds / theirs.seconds
    per_50m = mine.seconds * 50_000_000 / rows
    print(
        f"  ratio compute / plain: {ratio:.2f} (target <= {MAX_RATIO}) "
        f"{'met' if ratio <= MAX_RATIO else 'MISSED'}"
    )
    print(
        f"  compute peak memory: {mine.peak_bytes / 1024**3:.2f} GB (target <= 2 GB) "
        f"{'met' if mine.peak_bytes <= MAX_PEAK_BYTES else 'MISSED'}"
    )
    print(
        f"  compute time per 50 million rows: {per_50m:.1f} s (target <= 20 s) "
        f"{'met' if per_50m <= MAX_SECONDS_PER_50M else 'MISSED'}"
    )
    same = all(run.union == theirs.union for run in compute)
    print(f"  monthly Union figures equal to the plain query's: {'yes' if same else 'NO'}")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--rows", type=int, default=50_000_000)
    options.add_argument("--repeat", type=int, default=3)
    options.add_argument("--interleaved", action="store_true")
    args = options.parse_args()
    events = BENCH / f"events-{args.rows}.parquet"
    ensure_events(events, args.rows)
    print(f"{os.cpu_count()} cores; median of {args.repeat} runs each")
    bench(events, args.rows, args.repeat)
    if args.interleaved:
        mixed = BENCH / f"events-{args.rows}-interleaved.parquet"
        ensure_interleaved(events, mixed)
        bench(mixed, args.rows, args.repeat)


if __name__ == "__main__":
    main()
