"""
Nothing a handler needs was left out: each function's handler imports from its artifact
(built for this machine's Python, since compiled wheels for arm64 cannot load here) with
only the standard library and the runtime's AWS SDK beside it, as in Lambda.
"""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from portal.domain.cases import LANGUAGES
from portal.packaging.lambda_functions import LambdaFunction, lambda_functions
from portal.packaging.sizes import Artifact
from tests.infra.conftest import run_isolated

pytestmark = pytest.mark.slow

MOMENT = datetime(2026, 11, 22, 2, 59, tzinfo=UTC)


@pytest.mark.parametrize("function", lambda_functions(), ids=lambda function: function.name)
def test_the_handler_imports_from_its_artifact_with_only_the_runtime_sdk(
    function: LambdaFunction, host_artifacts: dict[str, Artifact], runtime_sdk: Path
) -> None:
    root = host_artifacts[function.name].function.code_dir
    module, _, attribute = function.handler.rpartition(".")
    code = f"""
import importlib, json, sys
handler = getattr(importlib.import_module({module!r}), {attribute!r})
print(json.dumps({{
    "callable": callable(handler),
    "files": sorted(m.__file__ for m in list(sys.modules.values()) if getattr(m, "__file__", None)),
}}))
"""
    loaded = json.loads(run_isolated(code, root, runtime_sdk))

    assert loaded["callable"]
    assert not [file for file in loaded["files"] if "site-packages" in file]
    assert any(file.startswith(str(runtime_sdk / "botocore")) for file in loaded["files"])


def test_dates_countries_and_catalogs_work_from_the_artifact(
    host_artifacts: dict[str, Artifact], runtime_sdk: Path
) -> None:
    from portal.domain.notices import countries
    from portal.mail.dates import local_datetime

    root = host_artifacts["MailFunction"].function.code_dir
    code = f"""
import json
from datetime import datetime
from portal.domain.notices import countries
from portal.mail.dates import local_datetime
moment = datetime.fromisoformat({MOMENT.isoformat()!r})
print(json.dumps({{
    "dates": {{lang: local_datetime(moment, lang) for lang in {LANGUAGES!r}}},
    "countries": sorted(countries()),
}}))
"""
    shown = json.loads(run_isolated(code, root, runtime_sdk))

    assert shown["dates"] == {lang: local_datetime(MOMENT, lang) for lang in LANGUAGES}
    assert shown["countries"] == sorted(countries())


def test_the_api_validates_and_answers_from_its_artifact(
    host_artifacts: dict[str, Artifact], runtime_sdk: Path
) -> None:
    # What the artifact leaves out (dnspython, pydantic's V1, babel's catalog tools...) is
    # never reached: e-mail addresses, dates and error sentences still work.
    root = host_artifacts["ApiFunction"].function.code_dir
    code = """
import json, os
os.environ.update(AWS_DEFAULT_REGION="eu-west-3", POWERTOOLS_METRICS_DISABLED="1")
from portal.api.app import app
from portal.api.snapstart import warm_up_event
from portal.bootstrap.api import bootstrap_api
from portal.domain.mail import normalized_address
from portal.error_sentences import error_sentence
from portal.settings import ApiSettings
services = bootstrap_api(ApiSettings(cases_table="cases", idempotency_table="idempotency",
                                     attachments_bucket="attachments", challenge="off"))
event = warm_up_event()
invalid = {**event, "rawPath": "/api/v1/notices", "body": json.dumps({"email": "not an address"}),
           "headers": {"content-type": "application/json", "accept-language": "fr"},
           "requestContext": {**event["requestContext"], "http": {"method": "POST", "path": "/api/v1/notices"}}}
answers = []
for request in (event, invalid):
    app.context["services"] = services
    answers.append(app.resolve(request, None))
print(json.dumps({
    "challenge": json.loads(answers[0]["body"]),
    "invalid": answers[1]["statusCode"],
    "address": normalized_address("Alex.Martin@Bücher.Example"),
    "sentence": error_sentence("appeal_window_closed", "de", closed_on="2026-06-30"),
}))
"""
    # The last line: the lines before it are the API's own logs.
    shown = json.loads(run_isolated(code, root, runtime_sdk).splitlines()[-1])

    assert shown["challenge"] == {"enabled": False}
    assert shown["invalid"] == 422
    assert shown["address"] == "alex.martin@xn--bcher-kva.example"
    assert "30. Juni 2026" in shown["sentence"]
