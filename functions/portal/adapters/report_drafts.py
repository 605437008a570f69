"""
The transparency report's drafts in a private S3 bucket: `drafts/<id>/draft.json` (where
the draft stands) beside its files (`drafts/<id>/<file>`), and the staff's inputs that the
repository holds (`inputs/qualitative.yml`, `inputs/records.yml`, copied at deploy time).
Files are handed out through links valid for a few minutes only.
"""

from pathlib import Path
from typing import Any

from portal.domain.report_drafts import ReportDraft

PREFIX = "drafts/"
STATUS = "draft.json"
INPUTS = "inputs/"
# A download link lives five minutes: enough to click it, too short to be passed around.
LINK_SECONDS = 300


class S3DraftStore:
    def __init__(self, client: Any, bucket: str) -> None:
        self.client, self.bucket = client, bucket

    def _key(self, draft: ReportDraft, name: str) -> str:
        return f"{PREFIX}{draft.id}/{name}"

    def save(self, draft: ReportDraft) -> None:
        self.client.put_object(
            Bucket=self.bucket,
            Key=self._key(draft, STATUS),
            Body=draft.model_dump_json(indent=2).encode("utf-8"),
            ContentType="application/json",
        )

    def list(self) -> list[ReportDraft]:
        drafts = []
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=PREFIX
        )
        for page in pages:
            for entry in page.get("Contents", []):
                if str(entry["Key"]).endswith(f"/{STATUS}"):
                    body = self.client.get_object(Bucket=self.bucket, Key=entry["Key"])["Body"]
                    drafts.append(ReportDraft.model_validate_json(body.read()))
        return sorted(drafts, key=lambda draft: draft.requested_at, reverse=True)

    def put_file(self, draft: ReportDraft, path: Path) -> str:
        self.client.upload_file(str(path), self.bucket, self._key(draft, path.name))
        return path.name

    def download_url(self, draft: ReportDraft, name: str) -> str:
        url: str = self.client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": self._key(draft, name),
                "ResponseContentDisposition": f'attachment; filename="{draft.id}-{name}"',
            },
            ExpiresIn=LINK_SECONDS,
        )
        return url

    def read_input(self, name: str, directory: Path) -> Path | None:
        """Staff's input file `name` copied into `directory`; None when the bucket has none."""
        target = directory / name
        try:
            self.client.download_file(self.bucket, f"{INPUTS}{name}", str(target))
        except self.client.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey"):
                return None
            raise
        return target
