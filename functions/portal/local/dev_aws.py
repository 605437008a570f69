"""
GET /_dev/aws.json: where `make serve` keeps its embedded AWS, so that
`portal report transparency --local URL` can export the cases table there, as it does in
AWS (moto implements ExportTableToPointInTime), into a bucket made for the exports.
"""

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

import boto3

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

PATH = "/_dev/aws.json"
EXPORTS_BUCKET = "local-case-exports"
_CASES_TABLE = "-CasesTable"  # local/resources.py names tables <prefix>-<logical id>


class DevAws:
    """Answers PATH with the embedded AWS's endpoint, region, cases table and exports bucket."""

    def __init__(self, app: "WSGIApplication", endpoint: str, region: str) -> None:
        self.app = app
        tables = boto3.client("dynamodb").list_tables()["TableNames"]
        boto3.client("s3").create_bucket(
            Bucket=EXPORTS_BUCKET,
            CreateBucketConfiguration={"LocationConstraint": region},  # type: ignore[typeddict-item]
        )
        self.answer = {
            "endpoint": endpoint,
            "region": region,
            "cases_table": next(name for name in tables if name.endswith(_CASES_TABLE)),
            "exports_bucket": EXPORTS_BUCKET,
        }

    def __call__(
        self, environ: "WSGIEnvironment", start_response: "StartResponse"
    ) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != PATH:
            return self.app(environ, start_response)
        body = json.dumps(self.answer).encode()
        start_response(
            "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
        )
        return [body]
