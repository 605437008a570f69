"""
The docs' git history in one pass: every committed revision of each file below a folder
(newest first, with its commit date and blob id), and the blobs' texts read in one batch.

One `git log` per language build, not one per page; blobs are read by one `git cat-file`
and kept. The main line only (`--first-parent`): a merge counts with the text it gave the
branch, on the day it was merged. A shallow clone has no earlier commits: pages then have
only their current version.
"""

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

_DELETED = "0" * 40
_LOG = ("log", "--first-parent", "--no-renames", "--raw", "--no-abbrev", "--format=%x00%cs")


@dataclass(frozen=True)
class Revision:
    committed: date
    blob: str  # empty when this commit deleted the file


@dataclass
class History:
    toplevel: Path | None = None
    shallow: bool = False
    files: dict[Path, list[Revision]] = field(default_factory=dict)  # absolute path, newest first
    _texts: dict[str, str] = field(default_factory=dict)

    def revisions(self, path: Path) -> list[Revision]:
        return self.files.get(path.resolve(), [])

    def texts(self, blobs: Iterable[str]) -> dict[str, str]:
        """The text of each blob, read from git once for all that are not known yet."""
        blobs = list(blobs)
        wanted = sorted({blob for blob in blobs if blob and blob not in self._texts})
        if wanted and self.toplevel is not None:
            self._texts.update(_read_blobs(self.toplevel, wanted))
        return {blob: self._texts[blob] for blob in blobs if blob in self._texts}


def _git(repository: Path, args: list[str], stdin: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", *args], cwd=repository, input=stdin, capture_output=True, check=True
    ).stdout


def _read_blobs(toplevel: Path, blobs: list[str]) -> dict[str, str]:
    output = _git(toplevel, ["cat-file", "--batch"], "\n".join(blobs).encode() + b"\n")
    texts: dict[str, str] = {}
    position = 0
    for blob in blobs:
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) < 3 or header[1] == b"missing":  # absent from a shallow clone
            continue
        size = int(header[2])
        texts[blob] = output[position : position + size].decode("utf-8", "replace")
        position += size + 1
    return texts


def read_history(repository: Path, under: Iterable[str] = ("docs",)) -> History:
    """
    Every revision of the files below `under` (paths relative to `repository`).

    Empty when `repository` is not a git checkout (a tarball, a build container).
    """
    try:
        toplevel, shallow = (
            _git(repository, ["rev-parse", "--show-toplevel", "--is-shallow-repository"])
            .decode()
            .split()
        )
        log = _git(
            repository,
            [*_LOG, "--", *under],
        ).decode("utf-8", "replace")
    except (OSError, subprocess.CalledProcessError, ValueError):
        return History()
    history = History(toplevel=Path(toplevel), shallow=shallow == "true")
    current: date | None = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            current = date.fromisoformat(line[1:])
        elif line.startswith(":") and current is not None:
            fields, _, name = line.partition("\t")
            blob = fields.split()[3]
            path = (history.toplevel / name).resolve() if history.toplevel else Path(name)
            revision = Revision(current, "" if blob == _DELETED else blob)
            history.files.setdefault(path, []).append(revision)
    return history
