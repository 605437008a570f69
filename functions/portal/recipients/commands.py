"""
`portal recipients …`: sample events, compute the Art. 24(2) figure, publish it in
docs/active-recipients.yml, check that file, print the record's JSON Schema. Progress and
errors go to stderr; each function returns the exit code.
"""

import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from portal.domain.errors import DomainError
from portal.domain.months import format_month, parse_month, period_months
from portal.domain.ports import RecipientsEngine
from portal.domain.recipients import Progress, RecipientsRecord, compute_record

_MESSAGES = {
    "invalid_month": "{value!r} is not a month: write it as YYYY-MM",
    "period_not_over": "{period_end} has not ended yet: only full months can be counted",
    "counting_failed": "the {engine} engine could not count: {detail}",
    "counting_timed_out": "the {engine} query did not finish within {seconds:.0f} s",
    "duplicate_period": "a publication for the period ending {period_end} already exists",
    "out_of_order_publication": (
        "the period ending {period_end} is older than the latest publication ({latest}); "
        "publications are newest first"
    ),
    "missing_months": (
        "no recipients were counted in {months}: check the events, or pass "
        "--allow-missing-months to publish anyway"
    ),
    "invalid_publications": "{path} is not a valid publications file: {detail}",
}


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def explain(error: DomainError) -> str:
    return "error: " + _MESSAGES.get(error.code, error.code).format(**error.params)


def timed(report: Progress) -> Progress:
    """`report`, each message prefixed with the seconds elapsed since this call."""
    started = time.monotonic()
    return lambda message: report(f"[{time.monotonic() - started:6.1f} s] {message}")


def summary(record: RecipientsRecord) -> str:
    """A few lines for a person: the figure, the threshold, the months, any warning."""
    average = record.average_monthly_active_recipients
    side = "Reaches" if record.reaches_threshold else "Below"
    lines = [
        f"Average monthly active recipients in the Union, {record.period_start} to "
        f"{record.period_end}: {average:,}",
        f"{side} the threshold of {record.threshold:,} (Art. 33(1) DSA).",
        *(f"  {month.month}  {month.union:>12,}" for month in record.months),
        f"Method {record.method_version}, engine {record.engine}, source {record.source}.",
    ]
    if record.missing_months:
        lines.append(
            f"WARNING: no recipients counted in {', '.join(record.missing_months)}: these "
            "months count as zero in the average. Check the events before publishing."
        )
    return "\n".join(lines)


def sample(out: Path, rows: int, months: list[str] | None, seed: int) -> int:
    from portal.domain.months import last_full_month
    from portal.recipients.sample import write_sample

    try:
        chosen = sorted({parse_month(m) for m in months or []}) or list(
            period_months(last_full_month(datetime.now(UTC)))
        )
    except DomainError as error:
        say(explain(error))
        return 2
    write_sample(out, rows=rows, months=chosen, seed=seed)
    say(f"{rows:,} events over {', '.join(map(format_month, chosen))} written to {out}")
    return 0


def compute(
    engine_name: str,
    events: str | None,
    period_end: str,
    out: Path | None,
    *,
    memory_limit: str,
    threads: int | None,
) -> int:
    if engine_name == "athena":
        try:
            engine = athena_engine()
        except ValidationError as error:
            missing = ", ".join(str(problem["loc"][0]) for problem in error.errors())
            say(f"error: the athena engine needs these environment variables: {missing}")
            return 2
    elif events:
        engine = duckdb_engine(events, memory_limit, threads)
    else:
        say("error: the duckdb engine needs --events PATH_OR_GLOB")
        return 2
    return run_compute(engine, period_end, out)


def run_compute(engine: RecipientsEngine, period_end: str, out: Path | None) -> int:
    progress = timed(say)
    try:
        now = datetime.now(UTC).replace(microsecond=0)
        record = compute_record(engine, parse_month(period_end), now=now, progress=progress)
    except DomainError as error:
        say(explain(error))
        return 1
    document = record.model_dump_json(indent=2)
    if out is None:
        print(document)
        say(summary(record))
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(document + "\n", encoding="utf-8")
        print(summary(record))
        say(f"record written to {out}")
    return 0


def duckdb_engine(events: str, memory_limit: str, threads: int | None) -> RecipientsEngine:
    from portal.adapters.recipients_duckdb import DuckDBRecipientsEngine

    return DuckDBRecipientsEngine(events, memory_limit=memory_limit, threads=threads)


def athena_engine() -> RecipientsEngine:
    from portal.bootstrap.recipients_job import bootstrap_athena

    return bootstrap_athena()


def publish(result: Path, data: Path, allow_missing_months: bool) -> int:
    from portal.adapters.publications_file import add_publication

    try:
        record = RecipientsRecord.model_validate_json(result.read_text(encoding="utf-8"))
    except (OSError, ValidationError) as error:
        say(f"error: {result} is not a record written by `portal recipients compute`: {error}")
        return 1
    try:
        add_publication(data, record, allow_missing_months=allow_missing_months)
    except DomainError as error:
        say(explain(error))
        return 1
    say(f"{record.period_start} to {record.period_end} added on top of {data}; commit the file")
    return 0


def check(data: Path) -> int:
    from portal.adapters.publications_file import load_publications

    try:
        publications = load_publications(data)
    except DomainError as error:
        say(explain(error))
        return 1
    say(f"{data}: {len(publications.publications)} valid publications")
    return 0


def schema() -> int:
    print(json.dumps(RecipientsRecord.model_json_schema(), indent=2))
    return 0
