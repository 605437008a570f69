"""
The built site as a WSGI app: `/<lang>/<path>/` serves `<path>/index.html`, unknown
paths answer the language's 404 page, as CloudFront does in production.
"""

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join
from werkzeug.utils import redirect, send_file
from werkzeug.wrappers import Request, Response

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment


class StaticSite:
    def __init__(
        self, root: Path, languages: list[str], headers: dict[str, str] | None = None
    ) -> None:
        self.root = root.resolve()
        self.languages = languages
        self.headers = headers or {}

    def _resolve(self, path: str) -> Path | None:
        joined = safe_join(str(self.root), path.lstrip("/"))
        if joined is None:
            return None
        candidate = Path(joined)
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def _not_found(self, request: Request) -> Response:
        first = request.path.strip("/").split("/", 1)[0]
        lang = first if first in self.languages else self.languages[0]
        page = self.root / lang / "404.html"
        if page.is_file():
            response = send_file(page, request.environ, mimetype="text/html")
            response.status_code = 404
            return response
        return NotFound().get_response(request.environ)

    def response(self, request: Request) -> Response:
        path = request.path
        target = self._resolve(path)
        if target is None:
            return self._not_found(request)
        if target.name == "index.html" and not path.endswith("/") and not path.endswith(".html"):
            return redirect(path + "/", code=301)
        response = send_file(target, request.environ, max_age=0)
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    def __call__(
        self, environ: "WSGIEnvironment", start_response: "StartResponse"
    ) -> Iterable[bytes]:
        response = self.response(Request(environ))
        response.headers.update(self.headers)
        return response(environ, start_response)
