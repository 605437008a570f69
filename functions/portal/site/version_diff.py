"""
The changes between two versions of a page as HTML, word by word: removed words struck
through in <del>, added words underlined in <ins>, each sentence labelled in words
(added, removed, changed), and screen-reader text around every edit, so that nothing
relies on colour.
"""

import gettext
from collections.abc import Callable
from html import escape

from portal.site.rendered_diff import SentenceChange, sentence_changes


def _edit(tag: str, label: str, text: str) -> str:
    # The hidden label opens the edit and a hidden closing mark ends it, as GOV.UK's
    # visually-hidden pattern does: screen readers do not announce <ins>/<del> by default.
    return (
        f'<{tag}><span class="portal-visually-hidden">[{escape(label)}: </span>'
        f'{escape(text)}<span class="portal-visually-hidden">]</span></{tag}>'
    )


def _sentence(change: SentenceChange, _: Callable[[str], str]) -> str:
    if change.kind == "unchanged":
        return f"<p>{escape(change.after)}</p>"
    if change.kind == "added":
        label, body = _("Added"), _edit("ins", _("added text"), change.after)
    elif change.kind == "removed":
        label, body = _("Removed"), _edit("del", _("removed text"), change.before)
    else:
        label = _("Changed")
        body = "".join(
            escape(text)
            if mark == " "
            else _edit("del", _("removed text"), text)
            if mark == "-"
            else _edit("ins", _("added text"), text)
            for mark, text in change.words
        )
    return (
        f'<p class="portal-diff__{change.kind}">'
        f'<strong class="portal-diff__label">{escape(label)}:</strong> {body}</p>'
    )


def diff_html(before: list[str], after: list[str], catalog: gettext.NullTranslations) -> str:
    """The text of `after`, sentence by sentence, with what changed since `before` marked."""
    _ = catalog.gettext
    changes = sentence_changes(before, after, keep_unchanged=True)
    count = sum(change.kind != "unchanged" for change in changes)
    legend = _(
        "Removed words are struck through and marked “removed”; added words are underlined "
        "and marked “added”."
    )
    summary = (
        _("No change to the text.")
        if not count
        else catalog.ngettext("%(count)s sentence changed.", "%(count)s sentences changed.", count)
        % {"count": count}
    )
    body = "\n".join(_sentence(change, _) for change in changes)
    return (
        f'<div class="portal-diff">\n<p class="portal-diff__legend">{escape(legend)} '
        f"{escape(summary)}</p>\n{body}\n</div>\n"
    )
