"""
The intake API driven through its Lambda handler with fakes: statuses, bodies, errors in
the sender's language, and what is logged.
"""

import json
import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from portal.adapters.secrets import read_secret
from portal.api import app
from portal.api.app import lambda_handler
from portal.api.authority_messages import EU_LEVEL_EXAMPLE
from portal.api.guards import MAX_INTEGER_DIGITS, MAX_JSON_DEPTH
from portal.api.notices import EXAMPLE
from portal.api.origin import origin_refusal
from portal.bootstrap.api import bootstrap_api
from portal.domain.cases import LANGUAGES
from portal.domain.intake import fingerprint
from portal.error_sentences import error_sentence
from portal.settings import ApiSettings
from tests.corpus import BAD_BODIES, BadBody
from tests.events import FakeContext, http_event, response_json
from tests.fakes import FakeCaseStore, FakeChallenge, FakeUploads

SETTINGS = ApiSettings(
    cases_table="cases",
    idempotency_table="idempotency",
    attachments_bucket="attachments",
    challenge="on",
    challenge_secret_name="portal/test",
)


@pytest.fixture
def store() -> FakeCaseStore:
    fake = FakeCaseStore()
    app.services = bootstrap_api(
        SETTINGS, cases=fake, uploads=FakeUploads(), challenge=FakeChallenge()
    )
    return fake


def post(path: str, body: Any, **headers: str) -> dict[str, Any]:
    return dict(lambda_handler(http_event("POST", path, body, headers=headers), FakeContext()))


def notice(**changes: Any) -> dict[str, Any]:
    return {**EXAMPLE, "submission_id": str(uuid.uuid4()), "challenge": "solved", **changes}


def test_a_valid_notice_answers_201_with_its_reference(store: FakeCaseStore) -> None:
    response = post("/api/v1/notices", notice())

    assert response["statusCode"] == 201
    body = response_json(response)
    assert body["status"] == "received"
    assert body["reference"] in store.cases


def test_a_notice_without_a_solved_challenge_is_refused_on_that_field(store: FakeCaseStore) -> None:
    response = post("/api/v1/notices", notice(challenge="wrong"))

    assert response["statusCode"] == 422
    [field] = response_json(response)["error"]["fields"]
    assert (field["field"], field["code"]) == ("challenge", "challenge_failed")
    assert store.cases == {}


def test_a_filled_honeypot_is_stored_quietly_and_answered_like_any_other(
    store: FakeCaseStore,
) -> None:
    response = post("/api/v1/notices", notice(challenge=None, website="http://spam.example"))

    assert response["statusCode"] == 201
    assert response_json(response)["status"] == "received"
    [case] = store.cases.values()
    assert case.status == "spam"
    assert store.outbox == []


def test_a_submission_id_reused_for_other_content_answers_409_even_without_idempotency(
    store: FakeCaseStore,
) -> None:
    first = notice()
    post("/api/v1/notices", first)

    response = post(
        "/api/v1/notices", {**first, "name": "Someone Else"}, **{"accept-language": "fr"}
    )

    error = response_json(response)["error"]
    assert (response["statusCode"], error["code"]) == (409, "submission_id_reused")
    assert error["message"] == error_sentence("submission_id_reused", "fr")
    assert len(store.cases) == 1


def test_a_retry_with_another_challenge_or_a_filled_honeypot_gets_the_same_case(
    store: FakeCaseStore,
) -> None:
    first = notice()
    receipt = response_json(post("/api/v1/notices", first))

    again = post("/api/v1/notices", {**first, "challenge": "solved", "website": "x"})

    assert response_json(again) == receipt
    [case] = store.cases.values()
    assert case.status == "received"


def test_the_fingerprint_is_of_the_content_whatever_the_order_of_its_keys() -> None:
    content = {"submission_id": "a", "reviews": [{"url": "u"}], "name": "Alex"}

    same = fingerprint(dict(reversed(list(content.items()))))

    assert same == fingerprint(content)
    assert fingerprint({**content, "name": "Alex."}) != same


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Enter your e-mail address."), ("fr-BE,fr;q=0.9", None), ("nl", None), ("de-DE", None)],
)
def test_field_errors_come_in_the_senders_language(
    store: FakeCaseStore, language: str, expected: str | None
) -> None:
    body = notice()
    del body["email"]

    response = post("/api/v1/notices", body, **{"accept-language": language})

    error = response_json(response)["error"]
    [field] = error["fields"]
    assert (field["field"], field["code"]) == ("email", "required")
    assert response["headers"]["Content-Language"] == language[:2]
    if expected:
        assert field["message"] == expected
    else:
        assert field["message"] != "Enter your e-mail address."
        assert error["message"] != "Some answers need correcting: see the message beside each one."


def test_fields_inside_a_chosen_basis_are_named_without_the_basis_tag(store: FakeCaseStore) -> None:
    grounds = {"basis": "illegal_content", "law_or_right": "x", "good_faith": False}

    response = post("/api/v1/notices", notice(grounds=grounds))

    fields = {(f["field"], f["code"]) for f in response_json(response)["error"]["fields"]}
    assert fields == {
        ("grounds.law_or_right", "too_short"),
        ("grounds.good_faith", "good_faith_required"),
    }


def test_an_unknown_basis_is_a_choice_error_on_that_field(store: FakeCaseStore) -> None:
    response = post("/api/v1/notices", notice(grounds={"basis": "dislike"}))

    [field] = response_json(response)["error"]["fields"]
    assert (field["field"], field["code"]) == ("grounds", "invalid_choice")


def test_a_review_address_off_our_sites_is_refused_on_that_line_naming_our_sites(
    store: FakeCaseStore,
) -> None:
    reviews = [{"review_id": "abcd-1234"}, {"url": "https://backmarket.example/r"}]

    response = post("/api/v1/notices", notice(reviews=reviews), **{"accept-language": "fr"})

    [field] = response_json(response)["error"]["fields"]
    assert (field["field"], field["code"]) == ("reviews.1.url", "review_url_not_marketplace")
    assert "backmarket.fr, backmarket.nl, backmarket.co.uk" in field["message"]
    assert "{domains}" not in field["message"]
    assert store.cases == {}


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"member_state": "FR"}, "member_state_not_applicable"),
        ({"authority_type": "digital_services_coordinator"}, "member_state_required"),
    ],
)
def test_a_member_state_is_answered_on_its_field_national_authorities_only(
    store: FakeCaseStore, changes: dict[str, str], code: str
) -> None:
    body = {
        **EU_LEVEL_EXAMPLE,
        "submission_id": str(uuid.uuid4()),
        "challenge": "solved",
        **changes,
    }

    response = post("/api/v1/authority-messages", body, **{"accept-language": "de"})

    [field] = response_json(response)["error"]["fields"]
    assert (field["field"], field["code"]) == ("member_state", code)
    assert "Mitgliedstaat" in field["message"]
    assert store.cases == {}


@pytest.mark.parametrize(
    ("headers", "raw", "status", "code"),
    [
        ({"content-type": "multipart/form-data"}, "a=b", 415, "unsupported_media_type"),
        ({"content-type": "text/plain"}, "{}", 415, "unsupported_media_type"),
        ({}, "{not json", 400, "json_invalid"),
        ({}, json.dumps({"explanation": "x" * 300_000}), 413, "body_too_large"),
    ],
)
def test_bodies_that_are_not_json_or_too_large_are_refused_before_routing(
    store: FakeCaseStore, headers: dict[str, str], raw: str, status: int, code: str
) -> None:
    response = lambda_handler(
        http_event("POST", "/api/v1/notices", raw_body=raw, headers=headers), FakeContext()
    )

    assert response["statusCode"] == status
    assert response_json(response)["error"]["code"] == code


@pytest.mark.parametrize("bad", BAD_BODIES, ids=lambda bad: bad.name)
def test_each_body_of_the_bad_input_corpus_is_refused_with_its_code_in_the_senders_language(
    store: FakeCaseStore, bad: BadBody
) -> None:
    event = http_event(
        "POST", "/api/v1/notices", raw_body=bad.raw, headers={"accept-language": "de"}
    )

    response = lambda_handler(event, FakeContext())

    error = response_json(response)["error"]
    assert (response["statusCode"], error["code"]) == (bad.status, bad.code)
    limit = {"json_too_deep": MAX_JSON_DEPTH, "json_number_too_long": MAX_INTEGER_DIGITS}
    assert error["message"] == error_sentence(bad.code, "de", limit=limit.get(bad.code))
    assert error["message"] != error_sentence(bad.code, "en", limit=limit.get(bad.code))
    assert store.cases == {}


@pytest.mark.parametrize(
    "path", ["/api/v1/authority-messages", "/api/v1/appeals", "/api/v1/uploads"]
)
@pytest.mark.parametrize("bad", BAD_BODIES, ids=lambda bad: bad.name)
def test_no_body_of_the_bad_input_corpus_gets_a_5xx_on_any_route(
    store: FakeCaseStore, bad: BadBody, path: str
) -> None:
    response = lambda_handler(http_event("POST", path, raw_body=bad.raw), FakeContext())

    assert 400 <= response["statusCode"] < 500
    if bad.status == 400:
        assert response_json(response)["error"]["code"] == bad.code


def test_a_body_marked_base64_that_does_not_decode_is_refused_as_invalid_json(
    store: FakeCaseStore,
) -> None:
    event = http_event("POST", "/api/v1/notices", raw_body="!!!not-base64")
    event["isBase64Encoded"] = True

    response = lambda_handler(event, FakeContext())

    assert response["statusCode"] == 400
    assert response_json(response)["error"]["code"] == "json_invalid"


def test_brackets_inside_text_and_surrogate_pairs_are_not_refused(store: FakeCaseStore) -> None:
    body = notice(explanation='"[' * 100 + " 😀 " + "{" * 100)
    raw = json.dumps(body)  # the emoji as a pair of surrogate escapes
    assert "\\ud83d\\ude00" in raw

    response = lambda_handler(http_event("POST", "/api/v1/notices", raw_body=raw), FakeContext())

    assert response["statusCode"] == 201, response["body"]
    [case] = store.cases.values()
    assert case.details["explanation"] == body["explanation"]


def test_an_unknown_path_answers_a_localized_404(store: FakeCaseStore) -> None:
    response = lambda_handler(
        http_event("GET", "/api/v1/nothing", headers={"accept-language": "de"}), FakeContext()
    )

    assert response["statusCode"] == 404
    assert response_json(response)["error"]["code"] == "not_found"


def logged(caplog: pytest.LogCaptureFixture) -> str:
    """Every captured log record with its structured extras and exception text."""
    return " ".join(json.dumps(record.__dict__, default=str) for record in caplog.records)


def test_an_unexpected_failure_answers_a_generic_500_without_details(
    store: FakeCaseStore, caplog: pytest.LogCaptureFixture
) -> None:
    def explode(*args: Any) -> None:
        raise RuntimeError("secret internals: /var/task/portal")

    store.add = explode  # type: ignore[method-assign,assignment]

    response = post("/api/v1/notices", notice())

    assert response["statusCode"] == 500
    body = response_json(response)["error"]
    assert body["code"] == "internal_error"
    assert body["request_id"] in body["message"]
    assert "secret internals" not in response["body"]
    assert "Traceback" not in response["body"]
    assert "secret internals" in logged(caplog)  # logged for us, not shown


def test_logs_carry_the_reference_but_no_personal_data(
    store: FakeCaseStore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO")
    body = notice(name="Zelda Quirinus", email="zelda.quirinus@example.com")

    response = post("/api/v1/notices", body)

    logs = logged(caplog)
    assert response_json(response)["reference"] in logs
    assert "Zelda" not in logs
    assert "zelda.quirinus" not in logs


def test_a_key_the_sender_made_up_is_not_logged(
    store: FakeCaseStore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO")
    body = {**notice(), "zelda.quirinus@example.com": "hi", "q" * 30_000: 1}

    response = post("/api/v1/notices", body)

    logs = logged(caplog)
    assert response["statusCode"] == 422
    assert "zelda.quirinus" not in logs
    assert "q" * 100 not in logs
    assert "<extra>" in logs


def test_each_kind_of_submission_emits_its_own_metric(
    store: FakeCaseStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("POWERTOOLS_METRICS_DISABLED", raising=False)

    post("/api/v1/notices", notice())

    emitted = [
        json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line
    ]
    names = {
        m["Name"]
        for record in emitted
        for d in record["_aws"]["CloudWatchMetrics"]
        for m in d["Metrics"]
    }
    assert "NoticesReceived" in names


def test_the_challenge_route_gives_a_challenge(store: FakeCaseStore) -> None:
    response = lambda_handler(http_event("GET", "/api/v1/challenge"), FakeContext())

    assert response["statusCode"] == 200
    assert response_json(response) == {"challenge": "fake"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_address_ses_cannot_send_to_is_refused_in_the_senders_language(
    store: FakeCaseStore, language: str
) -> None:
    response = post(
        "/api/v1/notices", notice(email="jürgen@example.de"), **{"accept-language": language}
    )

    [field] = response_json(response)["error"]["fields"]
    assert response["statusCode"] == 422
    assert (field["field"], field["code"]) == ("email", "email_local_part_unsupported")
    assert field["message"] != error_sentence("invalid", language)
    assert (field["message"] == error_sentence("email_local_part_unsupported", "en")) == (
        language == "en"
    )
    assert store.cases == {}


def test_a_request_without_cloudfronts_origin_secret_answers_421_in_json() -> None:
    fake = FakeCaseStore()
    app.services = bootstrap_api(
        SETTINGS,
        cases=fake,
        uploads=FakeUploads(),
        challenge=FakeChallenge(),
        origin_secret=lambda: "cloudfront-only-7f3a",
    )

    direct = post("/api/v1/notices", notice(), **{"accept-language": "fr"})
    forged = post("/api/v1/notices", notice(), **{"x-origin-verify": "cloudfront-only-7f3b"})
    through_cloudfront = post(
        "/api/v1/notices", notice(), **{"X-Origin-Verify": "cloudfront-only-7f3a"}
    )

    assert (direct["statusCode"], forged["statusCode"]) == (421, 421)
    assert direct["headers"]["Content-Type"] == "application/json"
    error = response_json(direct)["error"]
    assert error["code"] == "origin_forbidden"
    assert error["message"] == "Envoyez votre demande par l'adresse du portail lui-même."
    assert through_cloudfront["statusCode"] == 201
    assert len(fake.cases) == 1


def test_an_empty_origin_secret_lets_nothing_in() -> None:
    app.services = bootstrap_api(
        SETTINGS,
        cases=FakeCaseStore(),
        uploads=FakeUploads(),
        challenge=FakeChallenge(),
        origin_secret=lambda: "",
    )

    response = post("/api/v1/notices", notice(), **{"x-origin-verify": ""})

    assert response["statusCode"] == 421


def test_a_busy_secrets_manager_answers_503_with_retry_after_not_500(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from aws_lambda_powertools.utilities import parameters

    def throttled(name: str, max_age: int) -> str:
        error = {"Error": {"Code": "ThrottlingException", "Message": "Rate exceeded"}}
        try:
            raise ClientError(error, "GetSecretValue")  # type: ignore[arg-type]
        except ClientError as cause:  # as Powertools wraps it
            raise parameters.exceptions.GetParameterError(str(cause)) from cause

    monkeypatch.setattr(parameters, "get_secret", throttled)

    response = origin_refusal(
        http_event("POST", "/api/v1/notices", notice()), lambda: read_secret("origin")
    )

    assert response is not None
    assert response["statusCode"] == 503
    assert response["headers"]["Retry-After"]
    assert json.loads(response["body"])["error"]["code"] == "service_unavailable"
