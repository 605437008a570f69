"""
The OpenAPI document generated from the code: complete examples a fresh portal accepts,
every error a sender can meet documented, and schemathesis finding no 5xx and no answer
that breaks the document.
"""

import json
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi import checks
from werkzeug.test import Client

from portal.api.app import lambda_handler, openapi_document
from portal.local.gateway import ApiGateway
from tests.corpus import BAD_BODIES, BadBody
from tests.integration.harness import LocalPortal

DOCUMENT: dict[str, Any] = json.loads(openapi_document())
CREATING = ["/api/v1/notices", "/api/v1/authority-messages", "/api/v1/appeals"]


def examples() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path, operations in DOCUMENT["paths"].items():
        body = operations.get("post", {}).get("requestBody")
        if body:
            for name, example in body["content"]["application/json"].get("examples", {}).items():
                found.append((path, name, example["value"]))
    return found


# The one body a fresh portal cannot accept: no link was ever mailed for its example.
NEVER_MAILED = "/api/v1/authority-messages/confirmations"


def test_every_request_body_carries_an_example() -> None:
    bodies = [
        (path, operations["post"]["requestBody"])
        for path, operations in DOCUMENT["paths"].items()
        if "requestBody" in operations.get("post", {})
    ]

    assert {path for path, _ in bodies} >= {*CREATING, "/api/v1/uploads", NEVER_MAILED}
    for path, body in bodies:
        assert body["content"]["application/json"].get("examples"), path


@pytest.mark.parametrize(
    ("path", "name", "body"), examples(), ids=lambda value: value if isinstance(value, str) else ""
)
def test_each_example_is_accepted_as_is_by_a_fresh_portal(
    portal: LocalPortal, path: str, name: str, body: dict[str, Any]
) -> None:
    status, answer = portal.post(path, body)

    if path == NEVER_MAILED:
        assert (status, answer["error"]["code"]) == (404, "confirmation_invalid"), answer
    else:
        assert status == 201, answer


def test_the_creating_routes_document_every_status_a_sender_can_meet() -> None:
    for path in CREATING:
        responses = DOCUMENT["paths"][path]["post"]["responses"]
        assert {"201", "400", "409", "413", "415", "422"} <= set(responses), path
        assert responses["201"]["content"]["application/json"]["schema"]["$ref"].endswith(
            "/Receipt"
        )
        assert responses["422"]["content"]["application/json"]["schema"]["$ref"].endswith(
            "/ErrorResponse"
        )


def test_the_portal_command_prints_the_same_document(capsys: pytest.CaptureFixture[str]) -> None:
    from portal.cli import main

    assert main(["openapi"]) == 0

    assert json.loads(capsys.readouterr().out) == DOCUMENT


schema = schemathesis.openapi.from_dict(DOCUMENT)


@schema.parametrize()  # type: ignore[untyped-decorator]  # schemathesis is read as untyped
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_breaks_the_api_or_its_contract(case: Any, portal: LocalPortal) -> None:
    case.call_and_validate(
        app=ApiGateway(lambda_handler, origin_headers=portal.origin_headers),
        excluded_checks=[
            # Unknown methods answer 404, as API Gateway does for routes it lacks.
            checks.unsupported_method,
            # Schema-valid data can still break a rule the schema cannot say (a review URL
            # must be on a Back Market site, an appeal within six months): 422 is right.
            checks.positive_data_acceptance,
        ],
    )


@pytest.mark.parametrize("bad", BAD_BODIES, ids=lambda bad: bad.name)
def test_no_body_of_the_bad_input_corpus_breaks_the_api_or_its_contract(
    portal: LocalPortal, bad: BadBody
) -> None:
    client = Client(ApiGateway(lambda_handler, origin_headers=portal.origin_headers))
    for path in [*CREATING, "/api/v1/uploads"]:
        response = client.post(
            path,
            data=bad.raw.encode(),
            headers={"Content-Type": "application/json", "Accept-Language": "nl"},
        )

        schema[path]["POST"].Case(body={}).validate_response(
            response,
            checks=[
                not_a_server_error,
                checks.status_code_conformance,
                checks.content_type_conformance,
                checks.response_schema_conformance,
            ],
        )
        if bad.status == 400:
            assert (response.status_code, response.get_json()["error"]["code"]) == (400, bad.code)
    assert portal.items("CASE#") == []
