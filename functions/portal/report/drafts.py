"""
How a draft's files are made once its export is done: the export counted by an engine
(Athena where it lies in S3, or DuckDB on a downloaded copy), with legal staff's answers and
records (the repository's YAML files, copied beside the drafts), laid out and written as
`portal report transparency` writes them, then kept beside the draft.
"""

import tempfile
from collections.abc import Callable
from pathlib import Path

from portal.adapters.report_drafts import S3DraftStore
from portal.domain.errors import CountingError
from portal.domain.ports import ReportEngine
from portal.domain.report_drafts import ReportDraft

QUALITATIVE, RECORDS = "qualitative.yml", "records.yml"
# An engine for the export whose data lie at `location`; it may use the scratch folder.
EngineFor = Callable[[str, Path], ReportEngine]


class DraftFiles:
    """domain.report_drafts.MakeFiles: count, write and keep the files of a draft."""

    def __init__(self, store: S3DraftStore, engine_for: EngineFor) -> None:
        self.store, self.engine_for = store, engine_for

    def __call__(self, draft: ReportDraft, location: str) -> list[str]:
        # yaml and openpyxl: only the finishing job's artifact has them (report-draft).
        from portal.report.commands import compute

        with tempfile.TemporaryDirectory(prefix="portal-draft-") as scratch:
            folder = Path(scratch)
            inputs = [self.store.read_input(name, folder) for name in (QUALITATIVE, RECORDS)]
            qualitative, records = inputs
            if qualitative is None or records is None:
                raise CountingError(
                    engine="draft", detail=f"no {QUALITATIVE} or {RECORDS} beside the drafts"
                )
            engine = self.engine_for(location, folder / "export")
            written = compute(
                engine,
                draft.period,
                folder / "out",
                qualitative_path=qualitative,
                records_path=records,
            )
            return [self.store.put_file(draft, path) for path in written]


def duckdb_engine_for(s3: object, memory_limit: str = "1GB") -> EngineFor:
    """DuckDB on a copy of the export (`make serve`, or a machine with room for it)."""

    def engine_for(location: str, scratch: Path) -> ReportEngine:
        from portal.adapters.report_duckdb import DuckDBReportEngine
        from portal.adapters.table_export import download_export

        bucket, prefix = location.removeprefix("s3://").split("/", 1)
        # moto names the export's folder otherwise: everything under the export's prefix.
        prefix = prefix.split("/AWSDynamoDB/", 1)[0]
        export = download_export(s3, bucket, prefix, scratch, lambda _: None)
        return DuckDBReportEngine(export, memory_limit=memory_limit)

    return engine_for
