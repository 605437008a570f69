"""
Facts that vary by market or may change (domains, addresses, fee cap, figures) live in
YAML data files in docs/; pages refer to them as `{{ facts.email.authorities }}` and the
build renders them, formatted for the page's locale.
"""

from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from portal.site import formatting


def load_data_files(docs_root: Path) -> dict[str, Any]:
    """Every `docs/*.yml` file, keyed by its stem with dashes as underscores."""
    data: dict[str, Any] = {}
    for path in sorted(docs_root.glob("*.yml")):
        data[path.stem.replace("-", "_")] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


@cache  # one per language and process: the versions' pages render many texts with it
def make_environment(lang: str) -> SandboxedEnvironment:
    """
    A Jinja environment for Markdown pages: undefined names fail the build, comments use
    `{##`, so that a heading anchor written `{#id}` is never read as a Jinja comment.
    """
    env = SandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        comment_start_string="{##",
        comment_end_string="##}",
        keep_trailing_newline=True,
    )
    env.filters["date"] = lambda value: formatting.long_date(value, lang)
    env.filters["month"] = lambda value: formatting.month(value, lang)
    env.filters["number"] = lambda value: formatting.number(value, lang)
    env.filters["compact"] = lambda value: formatting.compact(value, lang)
    env.filters["money"] = lambda value, currency: formatting.money(
        Decimal(str(value)), currency, lang
    )
    return env


def render_markdown(markdown: str, data: Mapping[str, Any], lang: str) -> str:
    """Render a page's Markdown with the data files; text without `{{`/`{%` is returned as is."""
    if "{{" not in markdown and "{%" not in markdown:
        return markdown
    return make_environment(lang).from_string(markdown).render(**data)
