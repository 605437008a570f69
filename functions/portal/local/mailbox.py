"""
The development mailbox at /_dev/mail: every e-mail the local portal sent, newest first,
with its recipient, subject, language and text. Bodies are shown as escaped text; links to
the local portal stay clickable, so an authority's confirmation link can be used.
"""

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from html import escape
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Request, Response

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment


@dataclass(frozen=True)
class SentMail:
    number: int
    to: list[str]
    subject: str
    language: str
    paragraphs: list[str]
    links: list[tuple[str, str]]


class _MailReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.language = ""
        self.paragraphs: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.language = values.get("lang") or ""
        elif tag == "body":
            self._in_body = True
        elif tag == "a":
            self._href = values.get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._in_body:
            text = " ".join("".join(self._text).split())
            if text:
                self.paragraphs.append(text)
            self._text = []
        elif tag == "a" and self._href:
            self.links.append((" ".join("".join(self._text).split()), self._href))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._in_body:
            self._text.append(data)


def read(number: int, message: Any) -> SentMail:
    reader = _MailReader()
    body = message.body if isinstance(message.body, str) else ""
    reader.feed(body)
    return SentMail(
        number=number,
        to=list(message.destinations.get("ToAddresses", [])),
        subject=str(message.subject),
        language=reader.language,
        paragraphs=reader.paragraphs,
        links=reader.links,
    )


class DevMailbox:
    def __init__(self, site_origin: str) -> None:
        self.site_origin = site_origin

    def sent(self) -> list[SentMail]:
        from moto.ses.models import ses_backends

        messages: list[Any] = []
        for regions in ses_backends.values():
            for backend in regions.values():
                messages.extend(backend.sent_messages)
        return [read(number, message) for number, message in enumerate(messages, start=1)][::-1]

    def _link(self, label: str, url: str) -> str:
        if url.startswith(self.site_origin + "/"):
            return f'<a href="{escape(url)}">{escape(label or url)}</a>'
        return f"{escape(label)}: {escape(url)}"

    def page(self) -> str:
        mails = self.sent()
        items = []
        for mail in mails:
            paragraphs = "".join(f"<p>{escape(text)}</p>" for text in mail.paragraphs)
            links = "".join(f"<p>{self._link(label, url)}</p>" for label, url in mail.links)
            items.append(
                f'<article aria-labelledby="mail-{mail.number}">'
                f'<h2 id="mail-{mail.number}">{escape(mail.subject)}</h2>'
                f"<dl><dt>To</dt><dd>{escape(', '.join(mail.to))}</dd>"
                f'<dt>Language</dt><dd lang="en">{escape(mail.language)}</dd></dl>'
                f'<div lang="{escape(mail.language)}">{paragraphs}{links}</div></article>'
            )
        empty = "<p>No e-mail has been sent yet.</p>"
        return (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            '<meta http-equiv="refresh" content="10">'
            "<title>Development mailbox</title>"
            "<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
            "color:#1a1a1a}article{border-top:1px solid #888;padding:.5rem 0}dt{font-weight:700}"
            "dd{margin:0 0 .3rem}a{color:#1f3a93}</style></head><body><main>"
            f"<h1>Development mailbox</h1><p>{len(mails)} e-mail(s) sent by this local portal, newest first. "
            'This page refreshes every ten seconds; <a href="/_dev/mail.json">JSON</a>.</p>'
            f"{''.join(items) or empty}</main></body></html>"
        )

    def __call__(
        self, environ: "WSGIEnvironment", start_response: "StartResponse"
    ) -> Iterable[bytes]:
        request = Request(environ)
        if request.path.endswith(".json"):
            body = json.dumps([asdict(mail) for mail in self.sent()], ensure_ascii=False)
            response = Response(body, mimetype="application/json")
        else:
            response = Response(self.page(), mimetype="text/html")
        response.headers["Cache-Control"] = "no-store"
        return response(environ, start_response)
