"""
The local server sends the built site's text gzip-compressed to a client that accepts it,
as CloudFront does, so that what a page weighs locally is what it weighs in production.
"""

import gzip
from pathlib import Path

from werkzeug.test import Client

from portal.local.static import StaticSite


def site(tmp_path: Path) -> Client:
    (tmp_path / "en" / "assets").mkdir(parents=True)
    (tmp_path / "en" / "index.html").write_text("<p>" + "terms " * 200 + "</p>")
    (tmp_path / "en" / "404.html").write_text("<p>" + "not found " * 100 + "</p>")
    (tmp_path / "en" / "assets" / "logo.png").write_bytes(b"\x89PNG" + bytes(300))
    return Client(StaticSite(tmp_path, ["en"]))


def test_a_page_is_sent_gzip_compressed_to_a_browser_that_accepts_it(tmp_path: Path) -> None:
    client = site(tmp_path)

    response = client.get("/en/", headers={"Accept-Encoding": "gzip, deflate, br"})

    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert int(response.headers["Content-Length"]) < 200
    assert gzip.decompress(response.data).decode() == "<p>" + "terms " * 200 + "</p>"


def test_a_client_without_gzip_gets_the_page_as_it_is(tmp_path: Path) -> None:
    client = site(tmp_path)

    response = client.get("/en/")

    assert "Content-Encoding" not in response.headers
    assert response.data.decode().startswith("<p>terms terms")


def test_the_not_found_page_is_compressed_and_images_are_not(tmp_path: Path) -> None:
    client = site(tmp_path)

    missing = client.get("/en/nowhere/", headers={"Accept-Encoding": "gzip"})
    image = client.get("/en/assets/logo.png", headers={"Accept-Encoding": "gzip"})

    assert missing.status_code == 404
    assert gzip.decompress(missing.data).decode().startswith("<p>not found")
    assert "Content-Encoding" not in image.headers
    assert image.data.startswith(b"\x89PNG")
