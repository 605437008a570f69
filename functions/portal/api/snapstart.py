"""
Lambda SnapStart hooks of the API (infra/template.yaml: AutoPublishAlias, SnapStart).
Lambda initializes each published version once, snapshots its memory, and resumes every
new execution environment from that snapshot: what is done before the snapshot is not
paid by a sender's request, and what is in it is shared by every restored environment.

Before the snapshot, `prime` builds what the first request would: the API's services
(bootstrap/api.py: settings, adapters and their boto3 clients), the secrets they read, and
one request through the resolver that stores nothing (GET /challenge issues a challenge
nobody receives).

After each restore, `renew` re-seeds `random` and drops what must not be the same in every
environment, nor as old as the snapshot: the secrets read before it (a rotated key is read
again) and the last request's Lambda context. The boto3 clients stay: under SnapStart they
get their credentials from Lambda's container endpoint and refresh them, and they open new
connections when the snapshot's are gone.
"""

import importlib
import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.event_handler.api_gateway import APIGatewayHttpResolver
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel

from portal.domain.notices import countries
from portal.observability import logger

if TYPE_CHECKING:
    from portal.bootstrap.api import ApiServices

WARM_UP_PATH = "/api/v1/challenge"
# Forms posted empty: each answers 422 before anything is stored, and warms the
# validation path of the resolver into the snapshot.
EMPTY_FORMS = ("/api/v1/notices", "/api/v1/appeals", "/api/v1/authority-messages")


def build_models() -> int:
    """
    Build every pydantic model of the portal now loaded: domain/ and api/ models defer
    their build to first use (defer_build), which keeps it out of the cold import; before
    a snapshot, it belongs in the snapshot. Returns how many were built.
    """
    pending: list[type[BaseModel]] = [BaseModel]
    built = 0
    while pending:
        for model in pending.pop().__subclasses__():
            pending.append(model)
            if (
                model.__module__.startswith("portal.")
                and not model.__pydantic_generic_metadata__["origin"]
            ):
                model.model_rebuild(force=True)
                built += 1
    return built


def warm_up_event(path: str = WARM_UP_PATH, method: str = "GET") -> dict[str, Any]:
    """A request as API Gateway's HTTP API (payload 2.0) hands it over; POSTs carry `{}`."""
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {"accept": "application/json", "content-type": "application/json"},
        "requestContext": {
            "http": {"method": method, "path": path, "sourceIp": "127.0.0.1"},
            "requestId": "snapstart-warm-up",
            "routeKey": "$default",
            "stage": "$default",
        },
        "isBase64Encoded": False,
    }
    if method == "POST":
        event["body"] = "{}"
    return event


def prime(
    app: APIGatewayHttpResolver, services: Callable[[], "ApiServices"]
) -> dict[str, Any] | None:
    """
    Before the snapshot: the services (`services` bootstraps them as the first event would),
    the secrets, and one request that writes nothing. Returns the warm-up's answer; None if
    priming failed, which only leaves the work to the first request.
    """
    try:
        current = services()
        current.origin_secret()
        # What a submission loads on first use (api/submissions.py), loaded into the snapshot.
        importlib.import_module("aws_lambda_powertools.utilities.idempotency")
        importlib.import_module("email_validator")
        countries()  # babel and its English data: a notice's country is checked against them
        app.context["services"] = current  # as lambda_handler does; resolve() clears it
        answer: dict[str, Any] = app.resolve(warm_up_event(), LambdaContext())
        for path in EMPTY_FORMS:
            app.context["services"] = current
            app.resolve(warm_up_event(path, "POST"), LambdaContext())
        build_models()
    except Exception:
        logger.warning(
            "SnapStart priming failed; the first request builds what is missing", exc_info=True
        )
        return None
    return answer


def renew(bootstrapped: Callable[[], "ApiServices | None"]) -> None:
    """
    After a restore: fresh randomness, secrets read again, no earlier request's context.
    `bootstrapped` gives the services built before the snapshot, if any: a restore never
    bootstraps (a failure here would fail the restore, not one request).
    """
    # Imported here as in adapters/secrets.py: Powertools' parameters cost the cold import.
    from aws_lambda_powertools.utilities import parameters

    random.seed()  # from os.urandom; `secrets` and uuid4 read os.urandom on every call
    parameters.clear_caches()  # type: ignore[no-untyped-call]  # secrets cached before the snapshot
    current = bootstrapped()
    if current is not None:
        current.idempotency_config.lambda_context = None
