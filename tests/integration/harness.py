"""
The whole portal in one process under moto, as tests drive it: the API through its Lambda
handler, the workers through the local pollers, sent e-mails read from moto's SES.
"""

import copy
import json
import re
from functools import cache
from typing import Any, cast
from urllib.parse import parse_qsl

import boto3
from moto.ses.models import ses_backends

from portal.api import staff_app
from portal.api.app import lambda_handler
from portal.local import aws, resources, template_values
from portal.local.handlers import wire_handlers, wiring
from portal.local.pollers import QueuePoller, stream_poller
from portal.local.transparency_db import MOUNT, TransparencyDatabase, TransparencyDatabaseApp
from portal.template import load_template
from portal.workers import case_events, check_upload, send_mail, submit_statements
from tests.events import FakeContext, http_event, response_json

SECRET = "integration-test-secret"
ORIGIN_SECRET = "integration-origin-secret"
MOTO_ACCOUNT = "123456789012"  # the account moto answers for
TRANSPARENCY_DB_TOKEN = "integration-transparency-db-token"


@cache
def _transparency_db_server() -> tuple[str, TransparencyDatabaseApp]:
    """
    The Transparency Database's stand-in over HTTP on a loopback port, once per session
    (each portal puts its own database in it): the statements worker calls it as it calls
    the real one, through urllib3, which moto leaves alone.
    """
    import threading

    from werkzeug.serving import make_server

    app = TransparencyDatabaseApp(TransparencyDatabase(TRANSPARENCY_DB_TOKEN))
    server = make_server("127.0.0.1", aws.free_port(), app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", app


@cache
def _parsed_template() -> dict[str, Any]:
    # Parsing infra/template.yaml takes a third of a second: once per session, not per test.
    return load_template()


class LocalPortal:
    def __init__(self, challenge: bool) -> None:
        self.template = copy.deepcopy(_parsed_template())
        self.deployed = resources.create_resources(self.template)
        origin, self.transparency_db_app = _transparency_db_server()
        self.transparency_db_url = f"{origin}{MOUNT}"
        self.transparency_db = TransparencyDatabase(TRANSPARENCY_DB_TOKEN)
        self.transparency_db_app.database = self.transparency_db
        env = self.environment(
            "ApiFunction",
            PORTAL_CHALLENGE="on" if challenge else "off",
            CHALLENGE_COST="50",
        )
        boto3.client("secretsmanager").create_secret(
            Name=env["CHALLENGE_SECRET_NAME"], SecretString=SECRET
        )
        # Fixed, like SECRET: Powertools caches a secret's value by name across tests.
        self.origin_headers = aws.create_origin_secret(env["ORIGIN_SECRET_NAME"], ORIGIN_SECRET)
        aws.create_transparency_db_token(
            self.environment("SubmitStatementsFunction")["TRANSPARENCY_DB_TOKEN_SECRET_NAME"],
            TRANSPARENCY_DB_TOKEN,
        )
        mail = wire_handlers(self.environment, env)
        self.wiring = wiring()  # what module_portal wires again before each test
        self.site_url = mail.site_url
        self.stream = stream_poller(
            self.template, self.deployed, "CaseEventsFunction", case_events.lambda_handler
        )
        self.mail_queue = QueuePoller(
            self.deployed.refs["MailQueue"], send_mail.lambda_handler, retry_after_seconds=0
        )
        self.uploads_queue = QueuePoller(
            self.deployed.refs["UploadsQueue"], check_upload.lambda_handler, retry_after_seconds=0
        )
        self.statements_queue = QueuePoller(
            self.deployed.refs["StatementsQueue"],
            submit_statements.lambda_handler,
            retry_after_seconds=0,
        )
        self.dynamodb = boto3.client("dynamodb")
        self.s3 = boto3.client("s3")
        self.sqs = boto3.client("sqs")
        self.bucket = self.deployed.refs["AttachmentsBucket"]
        self.table = self.deployed.refs["CasesTable"]

    def environment(self, function: str, **overrides: str) -> dict[str, str]:
        return template_values.function_environment(
            self.template,
            function,
            self.deployed,
            # The stand-in, never the Commission's database.
            {"TransparencyDatabaseUrl": self.transparency_db_url},
            overrides,
        )

    def call(
        self, method: str, path: str, body: Any = None, language: str = "en", **headers: str
    ) -> tuple[int, Any]:
        headers = {"accept-language": language, **self.origin_headers, **headers}
        event = http_event(method, path, body, headers=headers)
        response = lambda_handler(event, FakeContext())
        return response["statusCode"], response_json(response)

    def staff(
        self,
        method: str,
        path: str,
        body: Any = None,
        groups: str = "[legal]",
        email: str = "legal@staff.example",
        language: str = "en",
    ) -> tuple[int, Any]:
        """Call the staff API as HTTP API does once its JWT authorizer let a token in."""
        headers = {"accept-language": language, **self.origin_headers}
        path, _, query = path.partition("?")
        event = http_event(method, path, body, headers=headers, query=query)
        event["queryStringParameters"] = dict(parse_qsl(query)) or None
        claims = {"sub": f"sub-{email}", "email": email, "cognito:groups": groups}
        event["requestContext"]["authorizer"] = {"jwt": {"claims": claims, "scopes": None}}
        response = staff_app.lambda_handler(event, cast(Any, FakeContext()))
        return response["statusCode"], response_json(response)

    def post(self, path: str, body: Any, language: str = "en") -> tuple[int, Any]:
        return self.call("POST", path, body, language)

    def deliver(self, rounds: int = 5) -> None:
        """Run the workers until nothing is left to do (uploads, stream, mail, statements)."""
        for _ in range(rounds):
            done = (
                self.uploads_queue.poll_once()
                + self.stream.poll_once()
                + self.mail_queue.poll_once()
                + self.statements_queue.poll_once()
            )
            if not done:
                return

    def mails(self) -> list[dict[str, Any]]:
        sent = ses_backends[MOTO_ACCOUNT][self.dynamodb.meta.region_name].sent_messages
        return [
            {
                "to": message.destinations["ToAddresses"],
                "subject": message.subject,
                "body": message.body,
            }
            for message in sent
        ]

    def mails_to(self, address: str) -> list[dict[str, Any]]:
        return [mail for mail in self.mails() if address in mail["to"]]

    def items(self, prefix: str = "") -> list[dict[str, Any]]:
        from portal.adapters.cases import from_attributes

        found = self.dynamodb.scan(TableName=self.table)["Items"]
        items = [from_attributes(item) for item in found]
        return [item for item in items if str(item["pk"]).startswith(prefix)]

    def case_item(self, reference: str) -> dict[str, Any] | None:
        for item in self.items(f"CASE#{reference}"):
            if item["sk"] == "CASE":
                return item
        return None

    def upload(self, data: bytes, content_type: str) -> str:
        """Ask for an upload form and put the file where it points, as a browser would."""
        status, form = self.post(
            "/api/v1/uploads", {"content_type": content_type, "size": len(data)}
        )
        assert status == 201, form
        self.s3.put_object(
            Bucket=self.bucket, Key=form["fields"]["key"], Body=data, ContentType=content_type
        )
        return str(form["upload_id"])


def confirmation_link(body: str) -> tuple[str, str]:
    """The reference and token of the confirmation link in an e-mail's HTML."""
    found = re.search(r"#reference=([A-Z0-9-]+)&amp;token=([A-Za-z0-9_-]+)", body)
    assert found, body
    return found.group(1), found.group(2)


def decoded_policy(fields: dict[str, str]) -> dict[str, Any]:
    import base64

    return dict(json.loads(base64.b64decode(fields["policy"])))
