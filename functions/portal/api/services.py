"""
The services of the request being handled: the handler puts the entry point's (bootstrap/
api.py) in the resolver's context, where every router reads them.
"""

from typing import cast

from aws_lambda_powertools.event_handler.api_gateway import Router

from portal.bootstrap.api import ApiServices


def services_of(router: Router) -> ApiServices:
    return cast(ApiServices, router.context["services"])
