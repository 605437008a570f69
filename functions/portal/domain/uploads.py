"""
Attachments: which files are accepted, and how an uploaded file is checked. Without
pydantic: the upload checker imports this and ships without it (plain_settings.py).
"""

from dataclasses import dataclass
from enum import StrEnum

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
# How long staff's link to an attachment works: minutes, not hours (issue 10, point 3).
DOWNLOAD_LINK_SECONDS = 300

# The first bytes every file of a type starts with; a file is judged by its content,
# never by the type its uploader declared alone.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}
ALLOWED_TYPES = tuple(SIGNATURES)
SNIFF_BYTES = max(len(prefix) for prefixes in SIGNATURES.values() for prefix in prefixes)


class UploadState(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Upload:
    id: str
    state: UploadState
    content_type: str | None = None
    size: int | None = None


def rejection_reason(content_type: str, size: int, head: bytes) -> str | None:
    """Why an uploaded file must be quarantined, or None when it is acceptable."""
    if content_type not in SIGNATURES:
        return "type_not_allowed"
    if size <= 0:
        return "empty"
    if size > MAX_UPLOAD_BYTES:
        return "too_large"
    if not head.startswith(SIGNATURES[content_type]):
        return "content_does_not_match_type"
    return None
