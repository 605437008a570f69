"""
Git revisions of the site's inputs: a revision's mkdocs.yml, site/ and docs/ unpacked into
a folder to build, the files that differ between two revisions, and which languages a
difference can change for a reader.
"""

import io
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import yaml

from portal.site.pages import split_front_matter
from portal.site.translations import VERSION_KEY

# What a build reads from the repository; the portal package and locales/ come from the
# running checkout (a revision's catalogs change strings only code shows, not page text).
SITE_INPUTS = ("mkdocs.yml", "site", "docs")


class RevisionError(RuntimeError):
    """git refused: an unknown revision, or not a repository."""


def _git(repository: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=repository, capture_output=True, check=True)
    except subprocess.CalledProcessError as error:
        raise RevisionError(error.stderr.decode("utf-8", "replace").strip()) from error
    return done.stdout


def toplevel(path: Path) -> Path:
    return Path(_git(path, "rev-parse", "--show-toplevel").decode().strip())


def export_revision(repository: Path, revision: str, target: Path) -> Path:
    """The site inputs of `revision` unpacked below `target`; returns its mkdocs.yml."""
    present = [
        name
        for name in SITE_INPUTS
        if _git(repository, "ls-tree", "--name-only", revision, "--", name).strip()
    ]
    archive = _git(repository, "archive", "--format=tar", revision, "--", *present)
    target.mkdir(parents=True, exist_ok=True)
    unpack(archive, target)
    return target / "mkdocs.yml"


def unpack(archive: bytes, target: Path) -> None:
    """
    git's tar of the site inputs unpacked below `target`: regular files and folders only,
    nothing outside it. tarfile's "data" filter says the same, but Python has it only
    since 3.11.4, and Debian 12's Python is 3.11.2.
    """
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        members = tar.getmembers()
        for member in members:
            name = PurePosixPath(member.name)
            if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
                raise RevisionError(f"not unpacked: {member.name} (only files and folders)")
        if hasattr(tarfile, "data_filter"):
            tar.extractall(target, members=members, filter="data")
        else:  # Python 3.11.0-3.11.3: every member was checked above
            tar.extractall(target, members=members)  # noqa: S202


def changed_files(repository: Path, base: str, head: str | None) -> list[str]:
    """Paths that differ between `base` and `head` (the working tree, untracked files too)."""
    if head is not None:
        names = _git(repository, "diff", "--name-only", base, head, "--", *SITE_INPUTS)
        return sorted(set(names.decode().splitlines()))
    tracked = _git(repository, "diff", "--name-only", base, "--", *SITE_INPUTS)
    untracked = _git(repository, "ls-files", "--others", "--exclude-standard", "--", *SITE_INPUTS)
    return sorted(set(tracked.decode().splitlines()) | set(untracked.decode().splitlines()))


def read_at(repository: Path, revision: str | None, path: str) -> str | None:
    """A file's text at `revision` (the working tree when None); None when it is absent."""
    if revision is None:
        file = repository / path
        return file.read_text(encoding="utf-8") if file.is_file() else None
    try:
        return _git(repository, "show", f"{revision}:{path}").decode("utf-8")
    except RevisionError:
        return None


def _effective_date(markdown: str | None) -> object:
    if markdown is None:
        return None
    try:
        return split_front_matter(markdown)[0].get(VERSION_KEY)
    except (ValueError, yaml.YAMLError):
        return markdown  # unreadable front matter: treat as changed


def affected_languages(
    changed: list[str],
    languages: list[str],
    source: str,
    read: Callable[[str | None, str], str | None],
    base: str,
    head: str | None,
) -> list[str]:
    """
    The languages whose pages a change can alter. A translation's own folder alters only that
    language. An English page alters English, and a translation only where that page falls
    back to English or where its effective date moves (the outdated notice). The facts,
    the navigation, the theme or an English asset reach every language.
    """
    chosen: set[str] = set()
    for path in changed:
        parts = path.split("/", 2)
        if len(parts) < 3 or parts[0] != "docs" or parts[1] not in languages:
            return list(languages)
        lang, page = parts[1], parts[2]
        chosen.add(lang)
        if lang != source:
            continue
        if not page.endswith(".md"):
            return list(languages)
        moved = _effective_date(read(base, path)) != _effective_date(read(head, path))
        for other in languages:
            translated = f"docs/{other}/{page}"
            if moved or read(base, translated) is None or read(head, translated) is None:
                chosen.add(other)
    return [lang for lang in languages if lang in chosen]
