"""
The staff API's Lambda entry point, apart from the public intake API: its own function,
role and cold start. HTTP API's JWT authorizer lets only signed-in staff reach it
(infra/template.yaml); the routes check the team (api/staff_identity.py).
"""

from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from portal.api import staff_cases, staff_reports
from portal.api.error_handlers import register_error_handlers
from portal.api.guards import reject_unacceptable
from portal.api.origin import origin_refusal
from portal.observability import logger

if TYPE_CHECKING:
    from portal.bootstrap.staff_api import StaffApiServices

PREFIX = "/api/v1"
app = APIGatewayHttpResolver(enable_validation=True)
app.include_router(staff_cases.router, prefix=PREFIX)
app.include_router(staff_reports.router, prefix=PREFIX)
register_error_handlers(app)
services: "StaffApiServices | None" = None


@logger.inject_lambda_context(
    correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True
)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    current = current_services()
    refused = origin_refusal(event, current.origin_secret) or reject_unacceptable(event)
    if refused is not None:
        return refused
    app.context["staff_services"] = current
    return app.resolve(event, context)


def current_services() -> "StaffApiServices":
    global services
    if services is None:
        from portal.bootstrap.staff_api import bootstrap_staff_api

        services = bootstrap_staff_api()
    return services


def openapi_document() -> str:
    return app.get_openapi_json_schema(
        title="Back Market legal portal staff API",
        version="1.0.0",
        description=(
            "For signed-in legal and product-safety staff: cases, decisions, statements of "
            "reasons. Errors carry a stable `code` and a `message` in the language of "
            "Accept-Language."
        ),
    )
