"""
Facts that vary by market or may change (domains, addresses, fee cap, figures) live in
YAML data files in docs/; pages refer to them as `{{ facts.email.authorities }}` and the
build renders them, formatted for the page's locale.
"""

import marshal
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2 import StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment

from portal.site import formatting
from portal.site.build_cache import cached_bytes


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
    return _template(make_environment(lang), markdown).render(**data)


def _template(env: SandboxedEnvironment, markdown: str) -> Template:
    """
    `env.from_string(markdown)`, its compiled code kept in the build cache: compiling is
    about a tenth of a language build, and every build (each language, `portal diff`'s
    revisions, `portal serve`'s rebuilds) compiles the same pages again. The code depends
    on the text, the delimiters and the Python and Jinja versions, not on the language.
    """
    settings = [
        type(env).__name__,
        env.block_start_string,
        env.variable_start_string,
        env.comment_start_string,
        env.comment_end_string,
        str(env.keep_trailing_newline),
    ]
    # marshal, as Jinja's own bytecode cache does (build_cache.template_cache)
    code = marshal.loads(  # noqa: S302 - code this build or an earlier one compiled
        cached_bytes(
            "markdown",
            [MAGIC_NUMBER.hex(), jinja2.__version__, *settings, markdown],
            lambda: marshal.dumps(env.compile(markdown)),
        )
    )
    return env.template_class.from_code(env, code, env.make_globals(None))
