"""
A SiteDiff for people: plain text for a terminal, Markdown for a pull-request comment,
and a standalone HTML page. The labels are English (reviewers' language); the quoted text
is each page's own language.
"""

import html
import re
from collections.abc import Iterator

from portal.site.rendered_diff import PageChange, SentenceChange, SiteDiff, TranslationGap

# GitHub refuses comments over 65,536 characters.
MARKDOWN_LIMIT = 60_000
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_~\[\]#|!])")


def _by_page(diff: SiteDiff) -> Iterator[tuple[str, list[PageChange]]]:
    order = {lang: index for index, lang in enumerate(diff.languages)}
    urls = sorted({change.url for change in diff.pages})
    for url in urls:
        changes = [change for change in diff.pages if change.url == url]
        yield url, sorted(changes, key=lambda change: order.get(change.lang, 99))


def _where(url: str) -> str:
    return f"/{url}"


def _anchor_note(before: str, after: str | None, still: tuple[str, ...]) -> str:
    action = f"renamed to #{after}" if after else "removed"
    note = (
        f"anchor #{before} {action}: links to #{before} from other pages, languages and sites break"
    )
    if still:
        note += f" (still #{before} in {', '.join(still)})"
    return note


def _gap_line(gap: TranslationGap) -> str:
    team = " ".join(gap.owners) or "no owner in CODEOWNERS"
    return f"{gap.lang} {_where(gap.url)} ({gap.title}): {gap.state} — {team}"


# --- plain text --------------------------------------------------------------------


def _text_sentence(change: SentenceChange) -> str:
    if change.kind == "added":
        return f"+ {change.after}"
    if change.kind == "removed":
        return f"- {change.before}"
    marked = {" ": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
    return "~ " + "".join(marked[mark].format(text) for mark, text in change.words)


def render_text(diff: SiteDiff) -> str:
    lines = [f"What readers will see change: {diff.base} → {diff.head}"]
    if diff.is_empty:
        lines.append("No page changes for readers.")
    for url, changes in _by_page(diff):
        lines.append("")
        lines.append(f"{_where(url)} — {changes[0].title}")
        for change in changes:
            lines.append(f"  [{change.lang}] page {change.status}")
            lines += [f"    {name}: {was!r} → {now!r}" for name, was, now in change.fields]
            if change.moved:
                lines.append(f"    moved in the navigation: {change.moved[0]} → {change.moved[1]}")
            for anchor in change.anchors:
                lines.append("    ! " + _anchor_note(anchor.before, anchor.after, anchor.still_in))
            lines += ["    " + _text_sentence(sentence) for sentence in change.sentences]
    if diff.translations:
        lines += ["", "Translations this change leaves outdated or missing:"]
        lines += [f"  {_gap_line(gap)}" for gap in diff.translations]
    return "\n".join(lines) + "\n"


# --- Markdown (a pull-request comment) ---------------------------------------------


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def _md_sentence(change: SentenceChange) -> str:
    if change.kind == "added":
        return f"- added: {_md(change.after)}"
    if change.kind == "removed":
        return f"- removed: ~~{_md(change.before)}~~"
    parts = []
    previous = " "
    for mark, text in change.words:
        if mark == " " or not text.strip():
            parts.append(_md(text))
        else:
            if mark == "+" and previous == "-":
                parts.append(" ")
            core = _md(text.strip())
            parts.append(f"~~{core}~~" if mark == "-" else f"**{core}**")
            if text != text.rstrip():
                parts.append(" ")
        previous = mark
    return "- changed: " + "".join(parts)


def render_markdown(diff: SiteDiff) -> str:
    lines = [
        "## What readers will see change",
        "",
        f"`{diff.base}` → `{diff.head}` · languages built: {', '.join(diff.languages) or 'none'}",
    ]
    if diff.is_empty:
        lines += ["", "No page changes for readers."]
    for url, changes in _by_page(diff):
        lines += ["", f"### `{_where(url)}` — {_md(changes[0].title)}"]
        for change in changes:
            lines += ["", f"**{change.lang}** · page {change.status}", ""]
            for name, was, now in change.fields:
                lines.append(f"- {name.capitalize()}: ~~{_md(was)}~~ → **{_md(now)}**")
            if change.moved:
                lines.append(
                    f"- Moved in the navigation: {_md(change.moved[0])} → **{_md(change.moved[1])}**"
                )
            for anchor in change.anchors:
                lines.append(
                    "- **Breaks links:** "
                    + _md(_anchor_note(anchor.before, anchor.after, anchor.still_in))
                )
            lines += [_md_sentence(sentence) for sentence in change.sentences]
    if diff.translations:
        lines += ["", "### Translations this change leaves outdated or missing", ""]
        lines += [f"- {_md(_gap_line(gap))}" for gap in diff.translations]
    text = "\n".join(lines) + "\n"
    if len(text) > MARKDOWN_LIMIT:
        cut = text.rfind("\n", 0, MARKDOWN_LIMIT)
        text = text[:cut] + "\n\n… (cut here: the full diff is in the workflow run's artifact)\n"
    return text


# --- HTML (a page to open in a browser) ----------------------------------------------

_STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
del { background: #fdd; color: #600; } ins { background: #dfd; color: #060; text-decoration: none; }
.added { border-left: 4px solid #2a2; padding-left: .5rem; }
.removed { border-left: 4px solid #c22; padding-left: .5rem; }
.changed { border-left: 4px solid #c80; padding-left: .5rem; }
.warning { color: #900; font-weight: bold; }
section { border-top: 1px solid #ccc; margin-top: 1.5rem; }
"""


def _html_sentence(change: SentenceChange, lang: str) -> str:
    e = html.escape
    if change.kind == "added":
        return f'<li class="added" lang="{lang}"><ins>{e(change.after)}</ins></li>'
    if change.kind == "removed":
        return f'<li class="removed" lang="{lang}"><del>{e(change.before)}</del></li>'
    tags = {" ": "{}", "-": "<del>{}</del>", "+": "<ins>{}</ins>"}
    body = "".join(tags[mark].format(e(text)) for mark, text in change.words)
    return f'<li class="changed" lang="{lang}">{body}</li>'


def render_html(diff: SiteDiff) -> str:
    e = html.escape
    title = f"What readers will see change: {diff.base} → {diff.head}"
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f"<p>Languages built: {e(', '.join(diff.languages) or 'none')}</p>",
    ]
    if diff.is_empty:
        parts.append("<p>No page changes for readers.</p>")
    for url, changes in _by_page(diff):
        parts.append(f"<section><h2><code>{e(_where(url))}</code> — {e(changes[0].title)}</h2>")
        for change in changes:
            parts.append(f"<h3>{e(change.lang)} · page {e(change.status)}</h3><ul>")
            for name, was, now in change.fields:
                parts.append(
                    f'<li>{e(name.capitalize())}: <del lang="{change.lang}">{e(was)}</del> → '
                    f'<ins lang="{change.lang}">{e(now)}</ins></li>'
                )
            if change.moved:
                parts.append(
                    f"<li>Moved in the navigation: <del>{e(change.moved[0])}</del> → "
                    f"<ins>{e(change.moved[1])}</ins></li>"
                )
            for anchor in change.anchors:
                note = _anchor_note(anchor.before, anchor.after, anchor.still_in)
                parts.append(f'<li class="warning">{e(note)}</li>')
            parts += [_html_sentence(sentence, change.lang) for sentence in change.sentences]
            parts.append("</ul>")
        parts.append("</section>")
    if diff.translations:
        parts.append("<section><h2>Translations this change leaves outdated or missing</h2><ul>")
        parts += [f"<li>{e(_gap_line(gap))}</li>" for gap in diff.translations]
        parts.append("</ul></section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
