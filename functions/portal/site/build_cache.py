"""
What every language build would otherwise redo: Material's compiled templates, its
trimmed stylesheet and the pages' compiled Markdown templates are the same for each
rebuild, so they are kept in a cache folder, addressed by their content.

The folder is `PORTAL_BUILD_CACHE`, or `portal-site` in the user's cache folder. Entries
are named by a hash of everything that makes them, so a stale one is never read, and are
written under a temporary name then renamed, so parallel builds never read half of one.
Deleting the folder only makes the next build slower.
"""

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from jinja2 import BytecodeCache, FileSystemBytecodeCache


def cache_dir() -> Path:
    configured = os.environ.get("PORTAL_BUILD_CACHE")
    if configured:
        return Path(configured)
    user_cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(user_cache) / "portal-site"


def template_cache() -> BytecodeCache:
    """Compiled Jinja2 templates (Jinja2 checks each one's source before using it)."""
    folder = cache_dir() / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))


def cached_text(kind: str, inputs: list[str], make: Callable[[], str]) -> str:
    """`make()`, or what it gave before for the same `kind` and `inputs`."""
    return cached_bytes(kind, inputs, lambda: make().encode()).decode()


def cached_bytes(kind: str, inputs: list[str], make: Callable[[], bytes]) -> bytes:
    """`make()`, or what it gave before for the same `kind` and `inputs`."""
    digest = hashlib.sha256()
    for part in [kind, *inputs]:
        digest.update(hashlib.sha256(part.encode()).digest())
    path = cache_dir() / kind / digest.hexdigest()
    if path.is_file():
        return path.read_bytes()
    made = make()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as partial:
        partial.write(made)
    Path(partial.name).replace(path)
    return made
