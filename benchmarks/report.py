"""
Benchmark of `portal report transparency` (DuckDB engine) on an export of the cases table
holding one million decided cases (by default) of one year, with their e-mails' and
submissions' items beside them, as ExportTableToPointInTime writes it (gzipped
DYNAMODB_JSON lines in several data files).

    .venv/bin/python -m benchmarks.report [--cases 1000000] [--repeat 1]

The export is generated once under build/bench/ and reused: the reference report's cases
(tests/report_cases.py) repeated with fresh references, their months spread over the
year. Each run is a fresh process (DuckDB limited to 700 MB, so that the process stays
under 1 GB), measured with GNU time (benchmarks/recipients.py): wall time, CPU time (user
and system, every thread) and peak resident memory. The command is one process (DuckDB's
threads are its own), so its peak is the whole tree's. Generating the export is not timed.
Not a test: it prints figures and the targets, and never fails on them.
"""

import argparse
import contextlib
import gzip
import json
import os
import re
import sys
import time
from pathlib import Path

from benchmarks.recipients import measure
from portal.adapters.cases import to_attributes
from tests.report_cases import export_items, known_cases

BENCH = Path("build") / "bench"
PORTAL = Path(sys.executable).with_name("portal")
MAX_SECONDS, MAX_PEAK_BYTES = 30.0, 1024**3
FILES = 16
_REFERENCE = re.compile(r"\b(NT|AU|AP)-[0-9A-F]{8}\b")


def _template() -> tuple[str, list[str], int]:
    """One batch of lines as a format string: references and months are its fields."""
    stored, _ = known_cases()
    decided = sum(1 for made in stored if made.record is not None)
    lines = [
        json.dumps({"Item": to_attributes(item)}, ensure_ascii=False)
        for item in export_items(stored)
    ]
    text = "\n".join(lines).replace("{", "{{").replace("}", "}}") + "\n"
    references = sorted({found.group(0) for found in _REFERENCE.finditer(text)})
    for reference in references:
        text = text.replace(reference, f"{reference}-{{batch}}")
    # Notices and orders are made in March, appeals in June: spread them over the year.
    text = text.replace("2026-03-", "2026-{first}-").replace("2026-06-", "2026-{second}-")
    return text, references, decided


def ensure_export(cases: int) -> Path:
    directory = BENCH / f"report-export-{cases}"
    data = directory / "AWSDynamoDB" / "01234567890123-benchmark" / "data"
    if data.exists() and len(list(data.glob("*.json.gz"))) == FILES:
        return directory
    template, _, decided = _template()
    batches = -(-cases // decided)
    print(f"writing {batches * decided:,} decided cases into {data} ...", flush=True)
    started = time.monotonic()
    data.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        outputs = [
            stack.enter_context(gzip.open(data / f"part-{n:02d}.json.gz", "wt", compresslevel=1))
            for n in range(FILES)
        ]
        for batch in range(batches):
            month = batch % 6
            text = template.format(batch=batch, first=f"{1 + month:02d}", second=f"{7 + month:02d}")
            outputs[batch % FILES].write(text)
    size = sum(path.stat().st_size for path in data.glob("*.gz"))
    print(
        f"  done in {time.monotonic() - started:.0f} s, {size / 1024**2:.0f} MB gzipped", flush=True
    )
    return directory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    export = ensure_export(args.cases)
    out = BENCH / "report-out"
    command = [
        str(PORTAL), "report", "transparency", "--from", "2026-01-01", "--to", "2026-12-31",
        "--export", str(export), "--out", str(out), "--memory-limit", "700MB",
    ]  # fmt: skip
    print(f"load average before: {os.getloadavg()[0]:.2f} (other work on the machine skews times)")
    runs = sorted(measure(command) for _ in range(args.repeat))
    run = runs[len(runs) // 2]
    print(f"{args.cases:,} decided cases: {run.seconds:.1f} s wall (target <= {MAX_SECONDS:.0f} s), "
          f"{run.cpu_seconds:.1f} s CPU, "
          f"peak memory {run.peak_bytes / 1024**2:.0f} MB (target <= {MAX_PEAK_BYTES / 1024**2:.0f} MB)")  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
