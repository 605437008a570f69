"""The statements worker's services: the Transparency Database and the cases' outbox."""

import functools
from dataclasses import dataclass
from typing import Any

import boto3

from portal.adapters.secrets import read_secret
from portal.adapters.statement_outbox import DynamoStatementOutbox
from portal.adapters.transparency_database import HttpTransparencyDatabase
from portal.domain.ports import StatementOutbox, TransparencyDatabase
from portal.settings import SubmitStatementsSettings


@dataclass(frozen=True)
class SubmitStatementsServices:
    database: TransparencyDatabase
    outbox: StatementOutbox


def bootstrap_submit_statements(
    settings: SubmitStatementsSettings | None = None, **replacing: Any
) -> SubmitStatementsServices:
    settings = settings or SubmitStatementsSettings.from_environ()
    # Read at each call from Powertools' cache (an hour): a new token reaches the worker
    # without a deployment.
    token = functools.partial(read_secret, settings.transparency_db_token_secret_name)
    return SubmitStatementsServices(
        database=replacing.get("database")
        or HttpTransparencyDatabase(settings.transparency_db_url, token),
        outbox=replacing.get("outbox")
        or DynamoStatementOutbox(settings.cases_table, boto3.client("dynamodb")),
    )
