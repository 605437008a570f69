"""
The CloudFront viewer-request function, run in Node (CloudFront Functions are
JavaScript): the language redirect at the root and clean URLs elsewhere.
"""

import json
import shutil
import subprocess
from typing import Any

import pytest


def run(code: str, requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "Node.js is needed to run the CloudFront function (it is on the machine image)",
            pytrace=False,
        )
    script = (
        code
        + "\nconsole.log(JSON.stringify("
        + json.dumps(requests)
        + ".map(function (r) { return handler({request: r}); })));"
    )
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True).stdout
    results: list[dict[str, Any]] = json.loads(out)
    return results


def request(uri: str, accept_language: str | None = None) -> dict[str, Any]:
    headers = {"accept-language": {"value": accept_language}} if accept_language else {}
    return {"method": "GET", "uri": uri, "headers": headers, "querystring": {}}


@pytest.fixture(scope="module")
def code(sam: dict[str, Any]) -> str:
    return str(sam["Resources"]["ViewerRequestFunction"]["Properties"]["FunctionCode"])


def test_the_root_redirects_to_the_readers_language(code: str) -> None:
    [french, german, fallback, none] = run(
        code,
        [
            request("/", "fr-BE,fr;q=0.9,en;q=0.5"),
            request("/", "pt-PT, de;q=0.8"),
            request("/", "ja, zh;q=0.8"),
            request("/"),
        ],
    )

    assert (french["statusCode"], french["headers"]["location"]["value"]) == (302, "/fr/")
    assert german["headers"]["location"]["value"] == "/de/"
    assert german["headers"]["vary"]["value"] == "Accept-Language"
    assert fallback["uri"] == none["uri"] == "/index.html"  # the language chooser


def test_directories_serve_their_index_and_missing_slashes_redirect(code: str) -> None:
    [page, slashless, asset, api] = run(
        code,
        [
            request("/nl/reviews/appeal/"),
            request("/nl/reviews/appeal"),
            request("/nl/assets/portal.css"),
            request("/api/v1/notices"),
        ],
    )

    assert page["uri"] == "/nl/reviews/appeal/index.html"
    assert (slashless["statusCode"], slashless["headers"]["location"]["value"]) == (
        301,
        "/nl/reviews/appeal/",
    )
    assert asset["uri"] == "/nl/assets/portal.css"
    assert api["uri"] == "/api/v1/notices"
