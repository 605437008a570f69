"""
The theme's Jinja environment, with a loader that lists the theme's files without its
hidden folders.

MkDocs lists every file of the theme to copy its static files, then drops each hidden
path (`.*`, `*/.*`: mkdocs.structure.files.Files.add_files_from_theme). Material keeps
its 14,000 icons in `.icons`: walking and matching them was about a tenth of a language
build. Not walking hidden folders lists the same files.
"""

import os
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from mkdocs.theme import Theme


class ThemeLoader(FileSystemLoader):
    """jinja2's FileSystemLoader, whose list_templates skips hidden folders."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=self.followlinks):
                dirnames[:] = [name for name in dirnames if not name.startswith(".")]
                folder = Path(dirpath).relative_to(searchpath)
                found.update((folder / filename).as_posix() for filename in filenames)
        return sorted(found)


def theme_environment(theme: Theme) -> Callable[[], Environment]:
    """`theme.get_env`, with the loader above: the same templates, the same search order."""
    make = theme.get_env

    def get_env() -> Environment:
        env = make()
        env.loader = ThemeLoader(theme.dirs)
        return env

    return get_env
