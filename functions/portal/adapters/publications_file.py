"""
The publications data file, docs/active-recipients.yml: loaded and validated for the site
build, and extended by `portal recipients publish`. A new record is inserted as text under
`publications:`, so that the file's comments and earlier entries stay exactly as they were.
"""

import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from portal.domain.errors import InvalidPublicationsError
from portal.domain.publications import Publications, check_can_publish
from portal.domain.recipients import RecipientsRecord

_LIST_KEY = re.compile(r"^publications:[ \t]*(#.*)?$", re.MULTILINE)
_ITEM = re.compile(r"^([ \t]*)- ", re.MULTILINE)


def load_publications(path: Path) -> Publications:
    """Every entry of the file, validated; raises InvalidPublicationsError."""
    return _parse(path.read_text(encoding="utf-8"), path)


def add_publication(
    path: Path, record: RecipientsRecord, *, allow_missing_months: bool = False
) -> None:
    """Insert `record` as the newest publication; refuses a period already published."""
    text = path.read_text(encoding="utf-8")
    check_can_publish(_parse(text, path), record, allow_missing_months=allow_missing_months)
    updated = _insert_first(text, _entry(record), path)
    if _parse(updated, path).publications[0] != record:
        raise InvalidPublicationsError(path=str(path), detail="the record did not land first")
    _write_atomically(path, updated)


def _parse(text: str, path: Path) -> Publications:
    try:
        data: Any = yaml.safe_load(text)
        return Publications.model_validate(data)
    except yaml.YAMLError as error:
        raise InvalidPublicationsError(path=str(path), detail=str(error)) from error
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
            for problem in error.errors()
        )
        raise InvalidPublicationsError(path=str(path), detail=problems) from error


def _entry(record: RecipientsRecord) -> str:
    # Leaf collections in flow style: one line (or a few) of Member States per month.
    return yaml.safe_dump(
        [record.model_dump(mode="python")],
        sort_keys=False,
        default_flow_style=None,
        allow_unicode=True,
        width=100,
    )


def _insert_first(text: str, entry: str, path: Path) -> str:
    key = _LIST_KEY.search(text)
    if key is None:
        raise InvalidPublicationsError(path=str(path), detail="no block list `publications:`")
    tail = text[key.end() :].partition("\n")[2]
    item = _ITEM.search(tail)
    indent = item.group(1) if item else "  "
    block = "".join(f"{indent}{line}" for line in entry.splitlines(keepends=True))
    return text[: key.end()] + "\n" + block + tail


def _write_atomically(path: Path, text: str) -> None:
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
    ) as handle:
        handle.write(text)
    Path(handle.name).replace(path)
