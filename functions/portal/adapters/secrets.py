"""
Secrets from Secrets Manager, cached for an hour per environment (Powertools parameters):
the proof-of-work key and CloudFront's origin header. Busy or down: ServiceUnavailable.
"""

from portal.adapters.aws_errors import unavailability
from portal.domain.errors import ServiceUnavailable

MAX_AGE_SECONDS = 3600


def read_secret(name: str) -> str:
    from aws_lambda_powertools.utilities import parameters

    try:
        return str(parameters.get_secret(name, max_age=MAX_AGE_SECONDS))
    except Exception as error:  # Powertools raises GetParameterError from the AWS error
        cause = unavailability(error)
        if cause is None:
            raise
        raise ServiceUnavailable(cause) from error
