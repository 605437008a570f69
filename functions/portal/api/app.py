"""
The intake API's Lambda entry point: one resolver, a router per form family under /api/v1.
"""

from functools import partial
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.event_handler.api_gateway import APIGatewayHttpResolver
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from snapshot_restore_py import register_after_restore, register_before_snapshot

from portal.api import appeals, authority_messages, challenge, notices, snapstart, uploads
from portal.api.error_handlers import register_error_handlers
from portal.api.form_answers import handle_form_post
from portal.api.form_posts import is_form_post
from portal.api.guards import reject_unacceptable
from portal.api.origin import origin_refusal
from portal.domain.cases import LANGUAGES
from portal.observability import logger, metrics

if TYPE_CHECKING:  # the bootstrap imports boto3: made at the first event (or the snapshot)
    from portal.bootstrap.api import ApiServices

PREFIX = "/api/v1"
app = APIGatewayHttpResolver(enable_validation=True)
for module in (notices, authority_messages, appeals, uploads, challenge):
    app.include_router(module.router, prefix=PREFIX)
register_error_handlers(app)
# Bootstrapped at the first event (or before a SnapStart snapshot); tests and the local
# server set their own.
services: "ApiServices | None" = None


@logger.inject_lambda_context(
    correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True
)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    current = current_services()
    refused = origin_refusal(event, current.origin_secret)
    if refused is not None:
        return refused
    if is_form_post(event):  # a form sent without JavaScript: answered for a browser
        return handle_form_post(event, partial(resolve, context=context, form_post=True))
    return resolve(event, context)


def resolve(
    event: dict[str, Any], context: LambdaContext, form_post: bool = False
) -> dict[str, Any]:
    current = current_services()
    refused = reject_unacceptable(event)
    if refused is not None:
        return refused
    current.idempotency_config.register_lambda_context(context)
    app.context["services"] = current  # read by the routers (api/services.py)
    app.context["form_post"] = form_post
    return app.resolve(event, context)


def current_services() -> "ApiServices":
    global services
    if services is None:
        from portal.bootstrap.api import bootstrap_api

        services = bootstrap_api()
    return services


# Run by Lambda only under SnapStart (infra/template.yaml), before the snapshot and after
# each restore.
register_before_snapshot(snapstart.prime, app, current_services)
register_after_restore(snapstart.renew, lambda: services)


def openapi_document() -> str:
    return app.get_openapi_json_schema(
        title="Back Market legal portal API",
        version="1.0.0",
        description=(
            "Notices about reviews, messages from EU authorities and appeals. Errors carry a "
            "stable `code` and a `message` in the language of Accept-Language "
            f"({', '.join(LANGUAGES)}). "
            "The three form routes also take the site's plain HTML forms "
            "(application/x-www-form-urlencoded, without JavaScript), answered for a browser: "
            "303 to the receipt page, or the form again as HTML with its errors; such a "
            "submission counts once its sender confirms their address by a one-time link."
        ),
    )
