"""The scheduled job end to end: Athena and S3 under moto, legal staff as a fake."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from pydantic import ValidationError

from portal.adapters.recipients_sql import COLUMNS
from portal.bootstrap.recipients_job import bootstrap_recipients_job
from portal.domain.mail import Mail
from portal.mail.render import render
from portal.settings import RecipientsJobSettings
from portal.workers.recipients_job import lambda_handler, run_recipients_job
from tests.fakes import FakeStaffNotifier
from tests.integration.athena import REGION, queue_athena_result

ENVIRONMENT = {
    "ATHENA_WORKGROUP": "primary",
    "ATHENA_DATABASE": "analytics",
    "EVENTS_TABLE": "activity_events",
    "ATHENA_OUTPUT_LOCATION": "s3://athena-results/recipients/",
    "PUBLICATIONS_BUCKET": "transparency-publications",
    "MAIL_QUEUE_URL": f"https://sqs.{REGION}.amazonaws.com/123456789012/portal-mail",
}


@dataclass
class LambdaContext:
    function_name: str = "recipients-job"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = f"arn:aws:lambda:{REGION}:123456789012:function:recipients-job"
    aws_request_id: str = "c0ffee00-0000-4000-8000-000000000001"


def athena_answers(months: list[str], union: int) -> None:
    rows: list[list[str | None]] = [list(COLUMNS)]
    for month in months:
        rows += [[f"{month}-01", None, str(union)], [f"{month}-01", "PT", str(union)]]
    queue_athena_result(rows)


def stored_keys(s3: Any) -> list[str]:
    listing = s3.list_objects_v2(Bucket="transparency-publications", Prefix="recipients/")
    return [item["Key"] for item in listing.get("Contents", [])]


@pytest.fixture
def bucket(aws: None) -> Any:
    s3 = boto3.client("s3", region_name=REGION)
    for name in ("transparency-publications", "athena-results"):
        location: Any = {"LocationConstraint": REGION}
        s3.create_bucket(Bucket=name, CreateBucketConfiguration=location)
    boto3.client("sqs", region_name=REGION).create_queue(QueueName="portal-mail")
    return s3


def test_scheduled_run_counts_the_last_full_month_keeps_the_record_and_tells_staff(
    bucket: Any,
) -> None:
    athena_answers(["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"], 1234)
    services = bootstrap_recipients_job(RecipientsJobSettings.from_environ(ENVIRONMENT))
    engine, store = services.engine, services.store
    notifier = FakeStaffNotifier()
    now = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)

    answer = run_recipients_job({}, engine=engine, store=store, notifier=notifier, now=now)

    key = "recipients/2026-10/20261102T060000Z.json"
    assert stored_keys(bucket) == [key]
    ((record, location),) = notifier.computed
    assert location == f"s3://transparency-publications/{key}"
    assert (str(record.period_start), str(record.period_end)) == ("2026-05-01", "2026-10-31")
    assert record.average_monthly_active_recipients == 1234
    assert answer["location"] == location
    assert answer["missing_months"] == []


def test_on_demand_run_counts_the_period_it_is_given_and_flags_missing_months(
    bucket: Any,
) -> None:
    athena_answers(["2026-01", "2026-02", "2026-04", "2026-05", "2026-06"], 600)
    services = bootstrap_recipients_job(RecipientsJobSettings.from_environ(ENVIRONMENT))
    engine, store = services.engine, services.store
    notifier = FakeStaffNotifier()
    now = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)

    answer = run_recipients_job(
        {"period_end": "2026-06"}, engine=engine, store=store, notifier=notifier, now=now
    )

    assert stored_keys(bucket) == ["recipients/2026-06/20261102T060000Z.json"]
    assert notifier.computed[0][0].missing_months == ["2026-03"]
    assert answer["average_monthly_active_recipients"] == 500
    assert answer["missing_months"] == ["2026-03"]


def test_lambda_handler_reads_its_settings_from_the_environment(
    bucket: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    athena_answers(["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"], 9)

    answer = lambda_handler({"period_end": "2026-06"}, LambdaContext())

    assert answer["period_end"] == "2026-06"
    assert stored_keys(bucket)[0].startswith("recipients/2026-06/")
    [queued] = queued_mails()
    assert queued.template == "staff_recipients_computed"
    assert queued.to_staff == "legal"
    assert queued.values["location"] == answer["location"]


def queued_mails() -> list[Mail]:
    sqs = boto3.client("sqs", region_name=REGION)
    answer = sqs.receive_message(QueueUrl=ENVIRONMENT["MAIL_QUEUE_URL"], MaxNumberOfMessages=10)
    return [Mail.model_validate_json(message["Body"]) for message in answer.get("Messages", [])]


def test_the_staff_mail_about_a_figure_is_rendered_with_the_figure_and_where_the_record_is(
    bucket: Any,
) -> None:
    athena_answers(["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"], 4_321_987)
    services = bootstrap_recipients_job(RecipientsJobSettings.from_environ(ENVIRONMENT))
    engine, store, notifier = services.engine, services.store, services.notifier
    now = datetime(2026, 7, 2, 6, 0, tzinfo=UTC)

    run_recipients_job({}, engine=engine, store=store, notifier=notifier, now=now)

    [queued] = queued_mails()
    rendered = render(queued, "https://legal.backmarket.example/")
    assert rendered.subject == "[portal] Active recipients computed for 2026-01-01 to 2026-06-30"
    assert "4,321,987 (below the threshold of 45,000,000)" in rendered.text
    assert (
        "s3://transparency-publications/recipients/2026-06/20260702T060000Z.json" in rendered.text
    )
    assert queued.case_reference is None  # not from a case's outbox: nothing to mark sent


def test_missing_setting_fails_the_cold_start_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("PUBLICATIONS_BUCKET")

    with pytest.raises(ValidationError, match="PUBLICATIONS_BUCKET"):
        RecipientsJobSettings.from_environ()
