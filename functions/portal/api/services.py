"""
The services of the request being handled: the handler puts the entry point's (bootstrap/
api.py) in the resolver's context, where every router reads them.
"""

from typing import TYPE_CHECKING, cast

from aws_lambda_powertools.event_handler.api_gateway import Router

if TYPE_CHECKING:  # the bootstrap imports boto3: made at the first event, not at import
    from portal.bootstrap.api import ApiServices


def services_of(router: Router) -> "ApiServices":
    return cast("ApiServices", router.context["services"])


def is_form_post(router: Router) -> bool:
    """Whether the request is a form posted without JavaScript (api/form_posts.py)."""
    return bool(router.context.get("form_post"))
