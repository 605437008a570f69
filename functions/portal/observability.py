"""
The one Logger and Metrics of the package. Logs carry references, never personal data.
A Tracer is created only where it is used (it costs ~120 ms of cold start).
"""

from aws_lambda_powertools import Logger, Metrics

SERVICE = "portal"

logger = Logger(service=SERVICE)
metrics = Metrics(namespace="Portal", service=SERVICE)
