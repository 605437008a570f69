"""
What the stack promises, asserted on the translated template (moto skips CloudFront,
API Gateway v2, the Scheduler and WAF): private storage, security headers, the API behind
CloudFront with throttling, queues with dead-letter queues, alarms, least privilege.
"""

import json
from typing import Any

import pytest

from tests.infra.conftest import resources

FUNCTIONS = [
    "ApiFunction",
    "MailFunction",
    "CaseEventsFunction",
    "UploadCheckFunction",
    "RecipientsFunction",
    "SweepFunction",
    "StaffApiFunction",
    "SubmitStatementsFunction",
    "ReportDraftStartFunction",
    "ReportDraftFinishFunction",
]


def props(template: dict[str, Any], name: str) -> dict[str, Any]:
    return dict(template["Resources"][name]["Properties"])


def test_functions_run_python_3_13_on_arm64_with_their_own_role_and_log_group(
    translated: dict[str, Any],
) -> None:
    roles = set()
    for name in FUNCTIONS:
        function = props(translated, name)
        assert function["Runtime"] == "python3.13"
        assert function["Architectures"] == ["arm64"]
        assert "ReservedConcurrentExecutions" in function
        roles.add(json.dumps(function["Role"]))
        log_group = function["LoggingConfig"]["LogGroup"]["Ref"]
        assert props(translated, log_group)["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    assert len(roles) == len(FUNCTIONS)


def test_no_function_may_act_on_every_resource_but_ses_identities(
    translated: dict[str, Any],
) -> None:
    for name, role in resources(translated, "AWS::IAM::Role").items():
        for policy in role["Properties"].get("Policies", []):
            for statement in policy["PolicyDocument"]["Statement"]:
                assert statement.get("Resource") != "*", f"{name}: {statement}"
                assert "*" not in json.dumps(statement.get("Action")), f"{name}: {statement}"


def test_tables_are_on_demand_with_recovery_encryption_and_ttl(translated: dict[str, Any]) -> None:
    for name, table in resources(translated, "AWS::DynamoDB::Table").items():
        properties = table["Properties"]
        assert properties["BillingMode"] == "PAY_PER_REQUEST", name
        assert (
            properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
        ), name
        assert properties["SSESpecification"]["SSEEnabled"] is True, name
        assert properties["TimeToLiveSpecification"]["Enabled"] is True, name


def test_buckets_are_private_and_encrypted(translated: dict[str, Any]) -> None:
    for name, bucket in resources(translated, "AWS::S3::Bucket").items():
        properties = bucket["Properties"]
        assert all(properties["PublicAccessBlockConfiguration"].values()), name
        assert properties["BucketEncryption"]["ServerSideEncryptionConfiguration"], name


def test_attachments_expire_unless_attached_and_quarantine_has_its_prefix(
    translated: dict[str, Any],
) -> None:
    rules = {
        r["Id"]: r
        for r in props(translated, "AttachmentsBucket")["LifecycleConfiguration"]["Rules"]
    }

    assert rules["uploads-never-attached"]["TagFilters"] == [{"Key": "attached", "Value": "false"}]
    assert rules["uploads-never-attached"]["ExpirationInDays"] == 7
    assert rules["unchecked-uploads"]["Prefix"] == "incoming/"
    assert rules["quarantined-uploads"]["Prefix"] == "quarantine/"


def test_every_queue_has_a_dead_letter_queue_and_every_worker_reports_partial_failures(
    translated: dict[str, Any],
) -> None:
    queues = resources(translated, "AWS::SQS::Queue")
    dead_letter = {name for name in queues if "DeadLetter" in name}
    for name, queue in queues.items():
        if name not in dead_letter:
            assert (
                queue["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
                in dead_letter
            )
    mappings = resources(translated, "AWS::Lambda::EventSourceMapping")
    assert len(mappings) == 4
    for mapping in mappings.values():
        assert mapping["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]


def test_the_api_is_throttled_and_reached_under_api_on_the_portals_own_domain(
    translated: dict[str, Any],
) -> None:
    [stage] = resources(translated, "AWS::ApiGatewayV2::Stage").values()
    settings = stage["Properties"]["DefaultRouteSettings"]
    assert settings["ThrottlingRateLimit"] == {"Ref": "ApiRateLimit"}
    assert settings["ThrottlingBurstLimit"] == {"Ref": "ApiBurstLimit"}
    config = props(translated, "Distribution")["DistributionConfig"]
    [api] = [b for b in config["CacheBehaviors"] if b["PathPattern"] == "/api/*"]
    assert api["TargetOriginId"] == "api"
    assert "POST" in api["AllowedMethods"]
    assert config["WebACLId"] == {"Ref": "WebAclArn"}


def test_the_site_bucket_is_read_by_this_distribution_only_through_origin_access_control(
    translated: dict[str, Any],
) -> None:
    config = props(translated, "Distribution")["DistributionConfig"]
    [site] = [o for o in config["Origins"] if o["Id"] == "site"]
    assert site["OriginAccessControlId"] == {"Fn::GetAtt": ["SiteOriginAccessControl", "Id"]}
    statement = props(translated, "SiteBucketPolicy")["PolicyDocument"]["Statement"][0]
    assert statement["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert "AWS:SourceArn" in statement["Condition"]["StringEquals"]


def test_every_answer_carries_the_security_headers(translated: dict[str, Any]) -> None:
    headers = props(translated, "SecurityHeadersPolicy")["ResponseHeadersPolicyConfig"][
        "SecurityHeadersConfig"
    ]
    policy = json.dumps(headers["ContentSecurityPolicy"]["ContentSecurityPolicy"])
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    assert headers["ContentTypeOptions"]["Override"] is True
    assert headers["ReferrerPolicy"]["ReferrerPolicy"] == "strict-origin-when-cross-origin"
    behaviors = [
        props(translated, "Distribution")["DistributionConfig"]["DefaultCacheBehavior"],
        *props(translated, "Distribution")["DistributionConfig"]["CacheBehaviors"],
    ]
    # Previews get the same security headers and X-Robots-Tag (tests/infra/test_previews.py).
    policies = {b["ResponseHeadersPolicyId"]["Ref"] for b in behaviors}
    assert policies == {"SecurityHeadersPolicy", "PreviewHeadersPolicy"}
    preview = props(translated, "PreviewHeadersPolicy")["ResponseHeadersPolicyConfig"]
    assert preview["SecurityHeadersConfig"] == headers


def test_a_cloudfront_function_handles_the_root_and_clean_urls(translated: dict[str, Any]) -> None:
    [association] = props(translated, "Distribution")["DistributionConfig"]["DefaultCacheBehavior"][
        "FunctionAssociations"
    ]
    assert association["EventType"] == "viewer-request"
    assert (
        props(translated, "ViewerRequestFunction")["FunctionConfig"]["Runtime"]
        == "cloudfront-js-2.0"
    )


@pytest.mark.parametrize(
    ("alarm", "metric"),
    [
        ("MailDeadLettersAlarm", "ApproximateNumberOfMessagesVisible"),
        ("UploadsDeadLettersAlarm", "ApproximateNumberOfMessagesVisible"),
        ("CaseEventsDeadLettersAlarm", "ApproximateNumberOfMessagesVisible"),
        ("StatementsDeadLettersAlarm", "ApproximateNumberOfMessagesVisible"),
        ("StatementsRejectedAlarm", "StatementsRejected"),
        ("ApiServerErrorsAlarm", "5xx"),
        *[
            (f"{name}{metric}Alarm", metric)
            for name in FUNCTIONS
            for metric in ("Errors", "Throttles")
        ],
    ],
)
def test_alarms_watch_dead_letters_server_errors_and_each_function(
    translated: dict[str, Any], alarm: str, metric: str
) -> None:
    properties = props(translated, alarm)
    assert properties["MetricName"] == metric
    assert properties["AlarmActions"] == [{"Ref": "AlarmTopic"}]


def test_e_mails_go_through_an_ses_configuration_set(translated: dict[str, Any]) -> None:
    environment = props(translated, "MailFunction")["Environment"]["Variables"]
    assert environment["SES_CONFIGURATION_SET"] == {"Ref": "MailConfigurationSet"}
    assert translated["Resources"]["MailConfigurationSet"]["Type"] == "AWS::SES::ConfigurationSet"


def test_no_parameter_holds_a_secret(sam: dict[str, Any]) -> None:
    for name, parameter in sam["Parameters"].items():
        assert not parameter.get("NoEcho"), name
        assert (
            "secret" not in str(parameter.get("Default", "")).lower()
            or name == "ChallengeSecretName"
        )


def test_the_edge_stack_rate_limits_the_api_per_ip_at_cloudfront(edge: dict[str, Any]) -> None:
    acl = edge["Resources"]["WebAcl"]["Properties"]
    assert acl["Scope"] == "CLOUDFRONT"
    [rule] = [r for r in acl["Rules"] if "RateBasedStatement" in r["Statement"]]
    statement = rule["Statement"]["RateBasedStatement"]
    assert statement["AggregateKeyType"] == "IP"
    assert statement["ScopeDownStatement"]["ByteMatchStatement"]["SearchString"] == "/api/"
    assert set(rule["Action"]) == {"Block"}
    assert edge["Resources"]["Certificate"]["Type"] == "AWS::CertificateManager::Certificate"


def test_the_stack_outputs_the_site_and_api_urls(sam: dict[str, Any]) -> None:
    assert {"SiteUrl", "ApiUrl"} <= set(sam["Outputs"])


def schedule_of(translated: dict[str, Any], function: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [
        s["Properties"]
        for s in resources(translated, "AWS::Scheduler::Schedule").values()
        if s["Properties"]["Target"]["Arn"] == {"Fn::GetAtt": [function, "Arn"]}
    ]
    [schedule] = found
    return schedule


def test_the_recipients_job_runs_twice_a_year_in_paris_time(translated: dict[str, Any]) -> None:
    properties = schedule_of(translated, "RecipientsFunction")

    assert properties["ScheduleExpression"] == "cron(0 6 2 1,7 ? *)"
    assert properties["ScheduleExpressionTimezone"] == "Europe/Paris"
    assert properties["Target"]["Arn"] == {"Fn::GetAtt": ["RecipientsFunction", "Arn"]}
    assert properties["Target"]["RetryPolicy"]["MaximumRetryAttempts"] == 2


def test_the_recipients_job_queries_its_own_workgroup_and_keeps_records(
    translated: dict[str, Any],
) -> None:
    environment = props(translated, "RecipientsFunction")["Environment"]["Variables"]
    assert environment["ATHENA_WORKGROUP"] == {"Ref": "RecipientsWorkGroup"}
    assert environment["PUBLICATIONS_BUCKET"] == {"Ref": "PublicationsBucket"}
    workgroup = props(translated, "RecipientsWorkGroup")["WorkGroupConfiguration"]
    assert workgroup["EnforceWorkGroupConfiguration"] is True
    assert translated["Resources"]["PublicationsBucket"]["DeletionPolicy"] == "Retain"


def stream_mapping(translated: dict[str, Any]) -> dict[str, Any]:
    found: list[dict[str, Any]] = [
        m["Properties"]
        for m in resources(translated, "AWS::Lambda::EventSourceMapping").values()
        if "EventSourceArn" in m["Properties"]
        and "StreamArn" in json.dumps(m["Properties"]["EventSourceArn"])
    ]
    [mapping] = found
    return mapping


def test_the_local_stream_poller_sets_records_aside_as_the_event_source_mapping_does(
    sam: dict[str, Any], translated: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-3")  # a client, never called
    from portal.local.pollers import stream_poller
    from portal.local.template_values import Deployed

    deployed = Deployed(
        refs={"CaseEventsDeadLetterQueue": "https://sqs.local/dead"},
        attributes={("CasesTable", "StreamArn"): "arn:stream"},
    )
    mapping = stream_mapping(translated)

    poller = stream_poller(sam, deployed, "CaseEventsFunction", lambda event, context: {})

    assert mapping["MaximumRetryAttempts"] == poller.policy.max_retry_attempts == 10
    assert mapping["BisectBatchOnFunctionError"] is poller.policy.bisect is True
    assert mapping["BatchSize"] == poller.batch_size
    destination = mapping["DestinationConfig"]["OnFailure"]["Destination"]
    assert destination == {"Fn::GetAtt": ["CaseEventsDeadLetterQueue", "Arn"]}
    assert poller.policy.on_failure_queue_url == "https://sqs.local/dead"
    queues = resources(translated, "AWS::SQS::Queue")
    assert "CaseEventsDeadLetterQueue" in queues


def test_the_sweeper_runs_every_15_minutes_and_reads_a_sparse_outbox_index(
    translated: dict[str, Any],
) -> None:
    schedule = schedule_of(translated, "SweepFunction")
    table = props(translated, "CasesTable")
    [index] = [i for i in table["GlobalSecondaryIndexes"] if i["IndexName"] == "outbox-pending"]
    role = props(translated, "SweepFunctionRole")
    actions = {
        json.dumps(statement["Action"])
        for policy in role["Policies"]
        for statement in policy["PolicyDocument"]["Statement"]
    }

    assert schedule["ScheduleExpression"] == "rate(15 minutes)"
    assert [k["AttributeName"] for k in index["KeySchema"]] == ["outbox_pending", "outbox_since"]
    assert index["Projection"]["NonKeyAttributes"] == ["mail"]
    assert actions == {
        '"dynamodb:Query"',
        '["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:GetItem"]',
        '"sqs:SendMessage"',
        '["s3:GetObjectTagging", "s3:PutObjectTagging"]',
        '"s3:ListBucket"',
    }


def test_the_redrive_runbook_names_queues_the_stack_has(sam: dict[str, Any]) -> None:
    from tests.infra.conftest import INFRA

    runbook = (INFRA / "README.md").read_text("utf-8")
    outputs = sam["Outputs"]

    for output in (
        "MailDeadLetterQueueArn",
        "UploadsDeadLetterQueueArn",
        "StatementsDeadLetterQueueArn",
    ):
        assert f"<{output} output>" in runbook
        queue = outputs[output]["Value"]["Fn::GetAtt"][0]
        redriven = [
            name
            for name, r in sam["Resources"].items()
            if r["Type"] == "AWS::SQS::Queue"
            and r["Properties"].get("RedrivePolicy", {}).get("deadLetterTargetArn")
            == {"Fn::GetAtt": [queue, "Arn"]}
        ]
        assert redriven, f"{queue} is no queue's dead-letter queue: a move task cannot return it"
    assert "<CaseEventsDeadLetterQueueUrl output>" in runbook
    assert outputs["CaseEventsDeadLetterQueueUrl"]["Value"] == {"Ref": "CaseEventsDeadLetterQueue"}


def test_a_waf_is_attached_in_every_committed_environment(sam: dict[str, Any]) -> None:
    import tomllib

    from tests.infra.conftest import INFRA

    config = tomllib.loads((INFRA / "samconfig.toml").read_text("utf-8"))
    parameter = sam["Parameters"]["WebAclArn"]
    distribution = sam["Resources"]["Distribution"]["Properties"]["DistributionConfig"]
    environments = [
        name
        for name, section in config.items()
        if isinstance(section, dict) and "deploy" in section
    ]

    assert distribution["WebACLId"] == {"Ref": "WebAclArn"}  # no condition
    assert parameter["Type"] == "AWS::SSM::Parameter::Value<String>"
    assert parameter["Default"]  # a deployment without overrides still names a WAF
    assert {"staging", "prod"} <= set(environments)
    for name in environments:
        overrides = config[name]["deploy"]["parameters"].get("parameter_overrides", [])
        given = dict(item.split("=", 1) for item in overrides)
        assert given.get("WebAclArn", parameter["Default"]).startswith("/legal-portal/"), name
        if name != "default":
            assert given["WebAclArn"] == f"/legal-portal/{name}/web-acl-arn"
            assert given["OriginSecretName"] == f"portal/{name}/origin-verify"


def test_the_api_answers_only_requests_carrying_cloudfronts_origin_secret(
    translated: dict[str, Any],
) -> None:
    config = props(translated, "Distribution")["DistributionConfig"]
    [api] = [o for o in config["Origins"] if o["Id"] == "api"]
    [header] = api["OriginCustomHeaders"]
    environment = props(translated, "ApiFunction")["Environment"]["Variables"]
    role = json.dumps(props(translated, "ApiFunctionRole")["Policies"])

    assert header["HeaderName"].lower() == "x-origin-verify"
    assert header["HeaderValue"] == {
        "Fn::Sub": "{{resolve:secretsmanager:${OriginSecretName}:SecretString}}"
    }
    assert environment["ORIGIN_SECRET_NAME"] == {"Ref": "OriginSecretName"}
    assert "secret:${OriginSecretName}-*" in role


def test_each_route_family_has_its_own_throttling_budget(translated: dict[str, Any]) -> None:
    [stage] = resources(translated, "AWS::ApiGatewayV2::Stage").values()
    routes = stage["Properties"]["RouteSettings"]
    [api] = resources(translated, "AWS::ApiGatewayV2::Api").values()
    paths = api["Properties"]["Body"]["paths"]

    def budget(key: str) -> tuple[str, str]:
        return (
            routes[key]["ThrottlingRateLimit"]["Ref"],
            routes[key]["ThrottlingBurstLimit"]["Ref"],
        )

    for key in routes:
        method, path = key.split(" ")
        assert method.lower() in paths[path], key  # a route ApiFunction really has
    submissions = {budget(f"POST /api/v1/{name}") for name in ("notices", "appeals", "uploads")}
    authority = budget("POST /api/v1/authority-messages")
    challenge = budget("GET /api/v1/challenge")
    assert submissions == {("SubmissionRateLimit", "SubmissionBurstLimit")}
    assert authority == ("AuthorityRateLimit", "AuthorityBurstLimit")
    assert challenge == ("ChallengeRateLimit", "ChallengeBurstLimit")
    assert budget("POST /api/v1/authority-messages/confirmations") == authority


def test_error_pages_never_replace_the_apis_json_errors(translated: dict[str, Any]) -> None:
    from portal.api.app import openapi_document

    document = json.loads(openapi_document())
    api_statuses = {
        int(status)
        for path in document["paths"].values()
        for operation in path.values()
        for status in operation.get("responses", {})
        if status.isdigit()
    } | {421, 429, 500, 502, 503, 504}  # origin refused (api/origin.py), API Gateway's own
    config = props(translated, "Distribution")["DistributionConfig"]
    replaced = {item["ErrorCode"] for item in config.get("CustomErrorResponses", [])}

    assert {404, 409, 422, 503} <= api_statuses
    assert replaced & api_statuses == set()
    assert 403 not in api_statuses  # the API's own 403 never passes through CloudFront


def test_the_wafs_rate_limit_answers_json_not_the_sites_error_page(edge: dict[str, Any]) -> None:
    acl = edge["Resources"]["WebAcl"]["Properties"]
    [rule] = [r for r in acl["Rules"] if r["Name"] == "api-rate-limit-per-ip"]
    response = rule["Action"]["Block"]["CustomResponse"]
    body = acl["CustomResponseBodies"][response["CustomResponseBodyKey"]]

    assert response["ResponseCode"] == 429  # not 403, which CloudFront replaces with a page
    assert body["ContentType"] == "APPLICATION_JSON"
    assert json.loads(body["Content"])["error"]["code"] == "too_many_requests"


def test_the_api_resumes_from_a_snapshot_of_a_published_version(
    translated: dict[str, Any],
) -> None:
    api = props(translated, "ApiFunction")
    [alias] = [
        props(translated, name)
        for name in resources(translated, "AWS::Lambda::Alias")
        if props(translated, name)["FunctionName"] == {"Ref": "ApiFunction"}
    ]
    version_name = alias["FunctionVersion"]["Fn::GetAtt"][0]

    assert api["SnapStart"] == {"ApplyOn": "PublishedVersions"}
    assert translated["Resources"][version_name]["Type"] == "AWS::Lambda::Version"
    assert props(translated, version_name)["FunctionName"] == {"Ref": "ApiFunction"}
    # SnapStart needs Python 3.12 or newer and excludes these (Lambda's documented limits).
    assert api["Runtime"] in {"python3.12", "python3.13", "python3.14"}
    assert "FileSystemConfigs" not in api
    assert api.get("EphemeralStorage", {"Size": 512})["Size"] <= 512
    assert "ProvisionedConcurrencyConfig" not in alias


def test_the_http_api_invokes_the_api_alias_never_latest(translated: dict[str, Any]) -> None:
    [alias] = [
        name
        for name in resources(translated, "AWS::Lambda::Alias")
        if props(translated, name)["FunctionName"] == {"Ref": "ApiFunction"}
    ]
    paths = props(translated, "HttpApi")["Body"]["paths"]
    # The staff routes are StaffApiFunction's (no SnapStart): tests/infra/test_staff_sign_in.py.
    uris = [
        operation["x-amazon-apigateway-integration"]["uri"]["Fn::Sub"]
        for path, operations in paths.items()
        if not path.startswith("/api/v1/staff/")
        for operation in operations.values()
    ]
    permissions = [
        permission["Properties"]
        for name, permission in resources(translated, "AWS::Lambda::Permission").items()
        if permission["Properties"]["Principal"] == "apigateway.amazonaws.com"
        and not name.startswith("StaffApiFunction")
    ]

    assert len(uris) == 7
    assert all(f"/functions/${{{alias}}}/invocations" in uri for uri in uris), uris
    assert permissions
    assert all(p["FunctionName"] == {"Ref": alias} for p in permissions), permissions


def test_statements_go_to_the_commissions_database_in_batches_of_100_with_its_secret_token(
    sam: dict[str, Any], translated: dict[str, Any]
) -> None:
    [mapping] = [
        m["Properties"]
        for m in resources(translated, "AWS::Lambda::EventSourceMapping").values()
        if m["Properties"]["FunctionName"] == {"Ref": "SubmitStatementsFunction"}
    ]
    environment = props(translated, "SubmitStatementsFunction")["Environment"]["Variables"]
    [policy] = props(translated, "SubmitStatementsFunctionRole")["Policies"]
    secrets = [
        s for s in policy["PolicyDocument"]["Statement"] if "secretsmanager" in json.dumps(s)
    ]

    assert mapping["EventSourceArn"] == {"Fn::GetAtt": ["StatementsQueue", "Arn"]}
    assert mapping["BatchSize"] == 100
    assert 0 < mapping["MaximumBatchingWindowInSeconds"] <= 60
    # SQS may hand a message out again once its visibility timeout passes: never mid-run.
    timeout = props(translated, "SubmitStatementsFunction")["Timeout"]
    assert props(translated, "StatementsQueue")["VisibilityTimeout"] >= 6 * timeout
    assert sam["Parameters"]["TransparencyDatabaseUrl"]["Default"] == (
        "https://transparency.dsa.ec.europa.eu"
    )
    assert environment["TRANSPARENCY_DB_URL"] == {"Ref": "TransparencyDatabaseUrl"}
    assert environment["TRANSPARENCY_DB_TOKEN_SECRET_NAME"] == {
        "Ref": "TransparencyDatabaseTokenSecretName"
    }
    assert [s["Action"] for s in secrets] == ["secretsmanager:GetSecretValue"]
    assert "${TransparencyDatabaseTokenSecretName}-*" in json.dumps(secrets[0]["Resource"])


def statements_of(translated: dict[str, Any], function: str) -> list[dict[str, Any]]:
    role = props(translated, function)["Role"]["Fn::GetAtt"][0]
    return [
        statement
        for policy in props(translated, role).get("Policies", [])
        for statement in policy["PolicyDocument"]["Statement"]
    ]


def actions_on(statements: list[dict[str, Any]], fragment: str) -> set[str]:
    """The actions a role may take on resources whose text holds `fragment`."""
    found: set[str] = set()
    for statement in statements:
        if fragment in json.dumps(statement["Resource"]):
            actions = statement["Action"]
            found |= {actions} if isinstance(actions, str) else set(actions)
    return found


def test_report_drafts_start_after_each_year_and_finish_when_the_export_is_done(
    translated: dict[str, Any],
) -> None:
    start = schedule_of(translated, "ReportDraftStartFunction")
    finish = schedule_of(translated, "ReportDraftFinishFunction")

    assert start["ScheduleExpression"] == "cron(0 5 2 1 ? *)"
    assert start["ScheduleExpressionTimezone"] == "Europe/Paris"
    assert finish["ScheduleExpression"] == "rate(10 minutes)"
    environment = props(translated, "ReportDraftFinishFunction")["Environment"]["Variables"]
    assert environment["REPORT_ENGINE"] == "athena"
    assert environment["DRAFTS_BUCKET"] == {"Ref": "ReportDraftsBucket"}


def test_report_drafts_export_the_table_and_never_read_it(translated: dict[str, Any]) -> None:
    start = statements_of(translated, "ReportDraftStartFunction")
    finish = statements_of(translated, "ReportDraftFinishFunction")

    table = actions_on(start, "CasesTable")
    assert table == {"dynamodb:DescribeTable", "dynamodb:ExportTableToPointInTime"}
    assert actions_on(finish, "CasesTable") == {"dynamodb:DescribeExport"}
    assert "s3:PutObject" not in actions_on(finish, "/exports/")
    assert actions_on(start, "/drafts/") == {"s3:PutObject"}


def test_the_report_drafts_bucket_is_private_and_forgets_exports_after_a_week(
    translated: dict[str, Any],
) -> None:
    bucket = translated["Resources"]["ReportDraftsBucket"]
    [rule] = bucket["Properties"]["LifecycleConfiguration"]["Rules"]

    assert bucket["DeletionPolicy"] == "Retain"
    assert (rule["Prefix"], rule["ExpirationInDays"]) == ("exports/", 7)
    assert bucket["Properties"]["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"] is True


def test_the_staff_api_starts_exports_and_lists_drafts_but_cannot_read_exports(
    translated: dict[str, Any],
) -> None:
    staff = statements_of(translated, "StaffApiFunction")
    environment = props(translated, "StaffApiFunction")["Environment"]["Variables"]

    assert "dynamodb:ExportTableToPointInTime" in actions_on(staff, "CasesTable")
    assert "s3:GetObject" not in actions_on(staff, "/exports/")
    assert actions_on(staff, "/drafts/") == {"s3:GetObject", "s3:PutObject"}
    assert environment["EXPORTS_BUCKET"] == {"Ref": "ReportDraftsBucket"}
