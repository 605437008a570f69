"""
The append-only trail of what staff did to a case, with who and when: viewing its personal
data, downloading an attachment, deciding, recording a restoration. Entries are added,
never changed; the case page shows them.
"""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Action(StrEnum):
    VIEWED = "viewed"  # the case's details, with its personal data
    DOWNLOADED_ATTACHMENT = "downloaded_attachment"
    DECIDED = "decided"
    REVERSED = "reversed"  # an upheld appeal reversed this case's decision
    RECORDED_ORDER = "recorded_order"  # what was done about an authority's message
    RECORDED_RESTORATION = "recorded_restoration"


class AuditEntry(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)

    at: datetime
    actor: str
    action: Action
    # A short note in staff's words: which attachment, which outcome. No personal data.
    detail: str = ""
