"""
The built site as a WSGI app: `/<lang>/<path>/` serves `<path>/index.html`, unknown
paths answer the language's 404 page, and text is sent gzip-compressed to a client that
accepts it, as CloudFront does in production (`Compress: true` in infra/template.yaml).
"""

import gzip
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join
from werkzeug.utils import redirect, send_file
from werkzeug.wrappers import Request, Response

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

# What CloudFront compresses among what the site holds (its list of compressible types).
_COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")


@lru_cache(maxsize=512)
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    """A file's gzip form, kept while the file is unchanged (the key holds its mtime)."""
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


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
            response = self._send(request, page)
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
        return self._send(request, target)

    def _send(self, request: Request, target: Path) -> Response:
        response = send_file(target, request.environ, max_age=0)
        response.headers["X-Content-Type-Options"] = "nosniff"
        if target.suffix in _COMPRESSED and response.status_code == 200:
            response.vary.add("Accept-Encoding")
            if request.accept_encodings["gzip"] > 0:
                response.close()  # the file send_file opened
                response.direct_passthrough = False
                response.set_data(_gzipped(target, target.stat().st_mtime_ns))
                response.headers["Content-Encoding"] = "gzip"
        return response

    def __call__(
        self, environ: "WSGIEnvironment", start_response: "StartResponse"
    ) -> Iterable[bytes]:
        response = self.response(Request(environ))
        response.headers.update(self.headers)
        return response(environ, start_response)
