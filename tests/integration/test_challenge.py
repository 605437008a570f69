"""
The proof-of-work: issued and verified by the API itself, spent once per submission.
"""

import uuid
from typing import Any

import altcha

from portal.api.authority_messages import EXAMPLE as AUTHORITY_EXAMPLE
from portal.api.notices import EXAMPLE
from tests.integration.harness import LocalPortal


def solved(portal: LocalPortal) -> str:
    status, issued = portal.call("GET", "/api/v1/challenge")
    assert status == 200
    solution = altcha.solve_challenge(altcha.Challenge.from_dict(issued))
    assert solution is not None
    return str(altcha.Payload(altcha.Challenge.from_dict(issued), solution).to_base64())


def notice(**changes: Any) -> dict[str, Any]:
    return {**EXAMPLE, "submission_id": str(uuid.uuid4()), **changes}


def test_a_solved_challenge_lets_a_submission_through(guarded_portal: LocalPortal) -> None:
    status, receipt = guarded_portal.post(
        "/api/v1/notices", notice(challenge=solved(guarded_portal))
    )

    assert status == 201
    assert guarded_portal.case_item(receipt["reference"]) is not None


def test_without_a_solution_nothing_is_stored_and_the_field_says_why(
    guarded_portal: LocalPortal,
) -> None:
    status, body = guarded_portal.post("/api/v1/notices", notice(challenge=None), "nl")

    assert status == 422
    [field] = body["error"]["fields"]
    assert (field["field"], field["code"]) == ("challenge", "challenge_required")
    assert guarded_portal.items("CASE#") == []


def test_a_solution_is_spent_once_but_a_retry_of_the_same_submission_still_works(
    guarded_portal: LocalPortal,
) -> None:
    solution = solved(guarded_portal)
    first = notice(challenge=solution)

    accepted = guarded_portal.post("/api/v1/notices", first)
    retried = guarded_portal.post("/api/v1/notices", first)
    reused = guarded_portal.post("/api/v1/notices", notice(challenge=solution))

    assert accepted[0] == retried[0] == 201
    assert accepted[1]["reference"] == retried[1]["reference"]
    assert reused[0] == 422
    assert reused[1]["error"]["fields"][0]["code"] == "challenge_reused"


def test_a_solution_spent_on_one_form_is_not_spent_again_under_the_same_id_on_another(
    guarded_portal: LocalPortal,
) -> None:
    solution = solved(guarded_portal)
    first = notice(challenge=solution)
    guarded_portal.post("/api/v1/notices", first)

    status, body = guarded_portal.post(
        "/api/v1/authority-messages",
        {**AUTHORITY_EXAMPLE, "submission_id": first["submission_id"], "challenge": solution},
    )

    assert status == 422
    assert body["error"]["fields"][0]["code"] == "challenge_reused"
    assert [i["kind"] for i in guarded_portal.items("CASE#") if i["sk"] == "CASE"] == ["notice"]


def test_a_forged_solution_is_refused(guarded_portal: LocalPortal) -> None:
    challenge = altcha.create_challenge("PBKDF2/SHA-256", 50, hmac_secret="not-our-secret")
    solution = altcha.solve_challenge(challenge)
    assert solution is not None
    forged = altcha.Payload(challenge, solution).to_base64()

    status, body = guarded_portal.post("/api/v1/notices", notice(challenge=forged))

    assert status == 422
    assert body["error"]["fields"][0]["code"] == "challenge_failed"
