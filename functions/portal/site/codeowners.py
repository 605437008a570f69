"""
Who owns a path according to .github/CODEOWNERS: the last matching rule wins, as on GitHub.
Enough of the syntax for the portal's file: `*`, anchored folders and files, globs.
"""

from fnmatch import fnmatch
from pathlib import Path

CODEOWNERS = Path(".github") / "CODEOWNERS"


def read_rules(repository: Path) -> list[tuple[str, list[str]]]:
    path = repository / CODEOWNERS
    if not path.is_file():
        return []
    rules = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split()
        if fields:
            rules.append((fields[0], fields[1:]))
    return rules


def _matches(pattern: str, path: str) -> bool:
    anchored = pattern.startswith("/") or "/" in pattern.rstrip("/")
    pattern = pattern.lstrip("/")
    if pattern.endswith("/"):
        prefix = pattern
        return path.startswith(prefix) if anchored else f"/{prefix}" in f"/{path}"
    if anchored:
        return fnmatch(path, pattern) or path.startswith(pattern + "/")
    return any(fnmatch(part, pattern) for part in path.split("/")) or fnmatch(path, pattern)


def owners(rules: list[tuple[str, list[str]]], path: str) -> list[str]:
    found: list[str] = []
    for pattern, names in rules:
        if _matches(pattern, path):
            found = names
    return found
