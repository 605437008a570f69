"""
The Lambda@Edge function that answers a missing page with its language's 404 page
(infra/edge.yaml), run here as Lambda would run it, with the site's pages served by a stub.
"""

import hashlib
import io
import types
import urllib.request
from typing import Any

import pytest

from portal.domain.cases import LANGUAGES

HOST = "legal.backmarket.example"


def source(edge: dict[str, Any]) -> str:
    code = edge["Resources"]["NotFoundPageFunction"]["Properties"]["Code"]["ZipFile"]
    return str(code["Fn::Sub"])


@pytest.fixture
def function(edge: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Any:
    fetched: list[str] = []

    def urlopen(url: str, timeout: float) -> io.BytesIO:
        fetched.append(url)
        if "/nl/" in url:
            raise OSError("the site does not answer")
        lang = url.split("/")[-2]
        return io.BytesIO(f"<html lang={lang}>404 {lang}</html>".encode())

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    module = types.ModuleType("index")
    exec(source(edge).replace("${DomainName}", HOST), module.__dict__)  # noqa: S102 - our code
    module.fetched = fetched  # type: ignore[attr-defined]
    return module


def event(uri: str, status: str) -> dict[str, Any]:
    response = {"status": status, "statusDescription": "Forbidden", "headers": {}}
    return {"Records": [{"cf": {"request": {"uri": uri, "headers": {}}, "response": response}}]}


def test_a_missing_page_gets_the_404_page_of_its_language_fetched_once(function: Any) -> None:
    first = function.handler(event("/fr/nulle-part/", "403"), None)
    again = function.handler(event("/fr/ailleurs/", "403"), None)

    assert first["status"] == again["status"] == "404"
    assert first["body"] == again["body"] == "<html lang=fr>404 fr</html>"
    assert first["headers"]["content-type"][0]["value"] == "text/html; charset=utf-8"
    assert function.fetched == [f"https://{HOST}/fr/404.html"]


def test_an_address_outside_the_languages_gets_the_english_page(function: Any) -> None:
    answer = function.handler(event("/nowhere/at/all", "404"), None)

    assert answer["body"] == "<html lang=en>404 en</html>"


def test_a_page_that_exists_passes_untouched(function: Any) -> None:
    found = event("/de/", "200")

    assert function.handler(found, None) is found["Records"][0]["cf"]["response"]
    assert function.fetched == []


def test_a_missing_404_page_or_an_unreachable_site_gets_the_short_page_without_a_loop(
    function: Any,
) -> None:
    missing = function.handler(event("/de/404.html", "403"), None)
    unreachable = function.handler(event("/nl/weg/", "403"), None)

    assert missing["status"] == unreachable["status"] == "404"
    assert missing["body"] == unreachable["body"] == function.FALLBACK
    assert function.fetched == [f"https://{HOST}/nl/404.html"]  # not cached: tried again later
    assert "nl" not in function.PAGES


def test_the_function_knows_every_language_of_the_portal(function: Any) -> None:
    assert function.LANGUAGES == LANGUAGES


def test_a_change_of_the_code_publishes_a_new_version(edge: dict[str, Any]) -> None:
    digest = hashlib.sha256(source(edge).encode()).hexdigest()
    version = edge["Resources"]["NotFoundPageVersion"]["Properties"]

    assert version["Description"] == f"code sha256 {digest}"
    assert version["FunctionName"] == {"Ref": "NotFoundPageFunction"}


def test_lambda_at_edge_may_assume_the_role(edge: dict[str, Any]) -> None:
    role = edge["Resources"]["NotFoundPageRole"]["Properties"]
    (statement,) = role["AssumeRolePolicyDocument"]["Statement"]

    assert set(statement["Principal"]["Service"]) == {
        "lambda.amazonaws.com",
        "edgelambda.amazonaws.com",
    }


def test_the_distribution_runs_the_function_on_origin_responses_of_the_site_only(
    sam: dict[str, Any],
) -> None:
    config = sam["Resources"]["Distribution"]["Properties"]["DistributionConfig"]
    condition, (association,), absent = config["DefaultCacheBehavior"][
        "LambdaFunctionAssociations"
    ]["Fn::If"]

    assert condition == "HasNotFoundPage"
    assert association == {
        "EventType": "origin-response",
        "LambdaFunctionARN": {"Ref": "NotFoundPageVersionArn"},
    }
    assert absent == {"Ref": "AWS::NoValue"}
    for behaviour in config["CacheBehaviors"]:  # the API and previews keep their own errors
        assert "LambdaFunctionAssociations" not in behaviour
