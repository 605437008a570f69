"""
Examples of request bodies for the OpenAPI document. Powertools turns them into its
`Example` model only when it writes the document; building that model here would import
Powertools' OpenAPI models on every cold start (about a third of the API's import time) for
a document no request reads.
"""

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler.openapi.models import Example


def body_example(summary: str, value: Any) -> "Example":
    """An example as `Body(openapi_examples=...)` takes it, as the document validates it."""
    return cast("Example", {"summary": summary, "value": value})
