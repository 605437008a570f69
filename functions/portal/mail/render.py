"""
E-mails rendered from their content in the recipient's language: a plain-text part and an
HTML part in which every value is escaped. Dates are shown in Paris time, the operator's (mail/dates.py).
"""

import re
from dataclasses import dataclass
from datetime import datetime
from html import escape
from urllib.parse import quote

from portal.domain.mail import CONFIRMATION_LINK_TEMPLATES, Mail
from portal.i18n import translations
from portal.mail.dates import local_datetime
from portal.mail.templates import CONTENT


@dataclass(frozen=True)
class RenderedMail:
    language: str
    subject: str
    text: str
    html: str


def confirmation_url(site_url: str, language: str, reference: str, token: str) -> str:
    """The page that confirms an authority's address; the token travels in the fragment,
    which link scanners do not send anywhere."""
    return (
        f"{site_url}{language}/authorities/confirm/"
        f"#reference={quote(reference)}&token={quote(token)}"
    )


def render(mail: Mail, site_url: str, token: str | None = None) -> RenderedMail:
    """`token`: the one-time token of a confirmation link, made when the e-mail is sent."""
    gettext = translations(mail.language).gettext
    values = {**mail.values, "language": mail.language, "site_url": f"{site_url}{mail.language}/"}
    if "received_at" in values:
        values["date"] = local_datetime(
            datetime.fromisoformat(values["received_at"]), mail.language
        )
    if mail.template in CONFIRMATION_LINK_TEMPLATES:
        if token is None:
            raise ValueError(f"{mail.template} needs a confirmation token")
        values["confirm_url"] = confirmation_url(
            site_url, mail.language, values["reference"], token
        )
    content = CONTENT[mail.template](gettext, values)
    text_parts = list(content.paragraphs)
    html_parts = [f"<p>{escape(paragraph)}</p>" for paragraph in content.paragraphs]
    if content.link:
        label, url = content.link
        text_parts.append(f"{label}:\n{url}")
        html_parts.append(f'<p><a href="{escape(url)}">{escape(label)}</a></p>')
    if token is not None:
        # The confirmation page confirms by itself with a script; without one, it asks for
        # the reference and this code (api/form_posts.py). The same secret as the link's.
        code = gettext(
            "If the page asks for them, enter the reference {reference} and this code: {code}"
        ).format(reference=values["reference"], code=token)
        text_parts.append(code)
        html_parts.append(f"<p>{escape(code)}</p>")
    signature = gettext("The Back Market legal team")
    text_parts.append(signature)
    html_parts.append(f"<p>{escape(signature)}</p>")
    html = (
        f'<!doctype html><html lang="{mail.language}"><head><meta charset="utf-8">'
        f"<title>{escape(content.subject)}</title></head><body>{''.join(html_parts)}</body></html>"
    )
    # A subject is one line, whatever the values: line breaks and runs of spaces become one
    # space, and French no-break spaces (before ":" and "?") stay as they are.
    subject = re.sub(r"[^\S\u00a0\u202f]+", " ", content.subject).strip()
    return RenderedMail(mail.language, subject, "\n\n".join(text_parts) + "\n", html)
