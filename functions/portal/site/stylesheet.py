"""
Material's stylesheet trimmed to the components the portal uses.

The theme ships styles for code blocks, blogs, tooltips, tabs and a dozen admonition
types, with their icons inlined as SVG: about a third of the CSS every reader downloads
on the first page. The portal's pages use none of them (a test checks the built pages'
classes against this list), so the build drops those rules and icon variables.
"""

from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path

import tinycss2
from tinycss2.ast import (
    AtRule,
    Declaration,
    FunctionBlock,
    IdentToken,
    LiteralToken,
    Node,
    QualifiedRule,
    WhitespaceToken,
)

from portal.site.build_cache import cached_text

# BEM blocks (with their __elements and --modifiers) and plain classes the portal never renders.
UNUSED_CLASSES = frozenset(
    {
        # Material components for features the portal does not enable
        "md-annotation", "md-annotation-list", "md-author", "md-authors", "md-banner",
        "md-clipboard", "md-code", "md-consent", "md-draft", "md-feedback", "md-meta", "md-path",
        "md-pin",
        "md-post", "md-profile", "md-progress", "md-social", "md-source", "md-source-file",
        "md-status", "md-tabs", "md-tag", "md-tags", "md-tooltip", "md-tooltip2", "md-top",
        "md-version",
        # Markdown extensions the pages do not use
        "arithmatex", "card", "critic", "emojione", "filename", "footnote", "footnote-backref",
        "footnote-ref", "gemoji", "grid", "highlight", "highlighttable", "keys", "linenodiv",
        "linenos", "mermaid", "tabbed-alternate", "tabbed-block", "tabbed-content",
        "tabbed-control", "tabbed-labels", "tabbed-set", "task-list-control",
        "task-list-indicator", "task-list-item", "twemoji",
        # admonition types other than the default (note), tip and warning
        "abstract", "bug", "check", "cite", "danger", "done", "error", "example", "fail",
        "failure", "faq", "help", "info", "missing", "question", "quote", "success", "summary",
        "tldr", "todo",
    }
)  # fmt: skip
# Search results fold extra matches in <details>/<summary>: those element styles stay.
UNUSED_ELEMENTS: frozenset[str] = frozenset()
UNUSED_VARIABLE_PREFIXES = (
    "--md-admonition-icon--abstract", "--md-admonition-icon--bug",
    "--md-admonition-icon--danger", "--md-admonition-icon--example",
    "--md-admonition-icon--failure", "--md-admonition-icon--info",
    "--md-admonition-icon--question", "--md-admonition-icon--quote",
    "--md-admonition-icon--success", "--md-annotation-", "--md-clipboard-icon",
    "--md-code-copy-icon", "--md-code-hl-", "--md-code-select-icon", "--md-details-icon",
    "--md-footnotes-icon", "--md-path-icon", "--md-post-pin-icon", "--md-source-",
    "--md-status", "--md-tabbed-icon", "--md-tag-icon", "--md-tasklist-icon",
    "--md-typeset-table-sort-icon", "--md-version-icon",
)  # fmt: skip
_NESTING = {"media", "supports", "container", "layer"}
_SELECTOR_LISTS = {"is", "where", "matches"}


def is_unused_class(name: str) -> bool:
    return any(
        name == block or name.startswith((f"{block}__", f"{block}--")) for block in UNUSED_CLASSES
    )


def _split(tokens: Sequence[Node]) -> list[list[Node]]:
    parts: list[list[Node]] = [[]]
    for token in tokens:
        if isinstance(token, LiteralToken) and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _join(parts: Iterable[list[Node]]) -> list[Node]:
    joined: list[Node] = []
    for index, part in enumerate(parts):
        if index:
            joined.append(LiteralToken(0, 0, ","))
        joined.extend(part)
    return joined


def _keep_selector(tokens: list[Node]) -> list[Node] | None:
    """The selector without unused alternatives, or None when it only matches unused markup."""
    kept: list[Node] = []
    previous: Node | None = None
    for token in tokens:
        if isinstance(token, IdentToken):
            after_dot = isinstance(previous, LiteralToken) and previous.value == "."
            after_colon = isinstance(previous, LiteralToken) and previous.value == ":"
            if after_dot and is_unused_class(token.value):
                return None
            if not after_dot and not after_colon and token.lower_value in UNUSED_ELEMENTS:
                return None
        if isinstance(token, FunctionBlock) and token.lower_name in _SELECTOR_LISTS:
            alternatives = [_keep_selector(part) for part in _split(token.arguments)]
            remaining = [part for part in alternatives if part is not None]
            if not remaining:
                return None
            token = FunctionBlock(
                token.source_line, token.source_column, token.name, _join(remaining)
            )
        kept.append(token)
        if not isinstance(token, WhitespaceToken):
            previous = token
    return kept


def _trim_declarations(content: list[Node]) -> list[Node]:
    declarations = tinycss2.parse_blocks_contents(content, skip_whitespace=True, skip_comments=True)
    kept = [
        node
        for node in declarations
        if not (isinstance(node, Declaration) and node.name.startswith(UNUSED_VARIABLE_PREFIXES))
    ]
    values: list[Node] = tinycss2.parse_component_value_list(
        ";".join(node.serialize() for node in kept)
    )
    return values


def _trim_rules(rules: Iterable[Node]) -> list[Node]:
    kept: list[Node] = []
    for rule in rules:
        if isinstance(rule, QualifiedRule):
            selectors = [_keep_selector(part) for part in _split(rule.prelude)]
            remaining = [part for part in selectors if part is not None]
            if not remaining:
                continue
            rule.prelude = _join(remaining)
            rule.content = _trim_declarations(rule.content)
            kept.append(rule)
        elif isinstance(rule, AtRule) and rule.lower_at_keyword in _NESTING and rule.content:
            inner = _trim_rules(
                tinycss2.parse_blocks_contents(
                    rule.content, skip_whitespace=True, skip_comments=True
                )
            )
            if inner:
                rule.content = inner
                kept.append(rule)
        else:
            kept.append(rule)
    return kept


def trim_stylesheet(css: str) -> str:
    rules = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
    return str(tinycss2.serialize(_trim_rules(rules)))


def trim_theme_stylesheet(site_dir: Path) -> list[Path]:
    """
    Rewrite Material's main stylesheet in a built site; returns the files rewritten. The
    result, the same for every language, is kept in the build cache (keyed by the theme's
    stylesheet and this module's rules).
    """
    rules = Path(__file__).read_text(encoding="utf-8")
    rewritten = []
    for path in sorted((site_dir / "assets" / "stylesheets").glob("main.*.min.css")):
        css = path.read_text(encoding="utf-8")
        trimmed = cached_text("stylesheet", [css, rules], partial(trim_stylesheet, css))
        path.write_text(trimmed, encoding="utf-8")
        rewritten.append(path)
    return rewritten
