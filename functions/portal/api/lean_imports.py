"""
What the API's cold import leaves out, though its libraries would load it: run by
portal/api/__init__.py before any module of the API imports Powertools or pydantic.

- Powertools' `event_handler` and `utilities.data_classes` packages import, in their
  `__init__`, every resolver and every event class they have: AppSync (which loads
  asyncio and ssl), Bedrock, VPC Lattice, Kafka, S3, SES... The API uses the HTTP API's
  resolver and its event. Each package is installed as a lazy package (PEP 562): each of
  its names loads the submodule defining it on first use, and no other. So is
  `event_handler.openapi`, whose `__init__` loads the merging of OpenAPI documents.
- pydantic looks for plugins at the first model it builds (Powertools builds one at
  import) by reading the metadata of every installed distribution. The portal uses none.
- `importlib.metadata` (with email, zipfile, csv...) is imported by pydantic's plugin
  loader and its URL types, which use it later if at all (`version("email-validator")`
  at the first e-mail address checked). A stand-in module takes its place and imports the
  real one on first use (priming does, before the SnapStart snapshot).

Together about a fifth of the cold import (benchmarks/api.py). tests/unit/test_lean_imports.py
checks that every name resolves to the package's own object.
"""

import importlib
import importlib.util
import os
import sys
import threading
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any

EVENT_HANDLER = "aws_lambda_powertools.event_handler"
OPENAPI = "aws_lambda_powertools.event_handler.openapi"
DATA_CLASSES = "aws_lambda_powertools.utilities.data_classes"
# Every name each package's `__init__` gives (its __all__), by the submodule defining it;
# tests/unit/test_lean_imports.py compares them with the package's own after an upgrade.
EXPORTS: dict[str, dict[str, str]] = {
    EVENT_HANDLER: {
        "ALBResolver": "api_gateway",
        "APIGatewayHttpResolver": "api_gateway",
        "ApiGatewayResolver": "api_gateway",
        "APIGatewayRestResolver": "api_gateway",
        "AppSyncEventsResolver": "events_appsync.appsync_events",
        "AppSyncResolver": "appsync",
        "BedrockAgentFunctionResolver": "bedrock_agent_function",
        "BedrockAgentResolver": "bedrock_agent",
        "BedrockFunctionResponse": "bedrock_agent_function",
        "BedrockResponse": "api_gateway",
        "CORSConfig": "api_gateway",
        "DependencyResolutionError": "depends",
        "Depends": "depends",
        "HttpResolver": "http_resolver",
        "HttpResolverLocal": "http_resolver",
        "LambdaFunctionUrlResolver": "lambda_function_url",
        "Request": "request",
        "Response": "api_gateway",
        "VPCLatticeResolver": "vpc_lattice",
        "VPCLatticeV2Resolver": "vpc_lattice",
    },
    # Its `__init__` loads the merging of several resolvers' OpenAPI documents (ast, fnmatch,
    # about 7 ms), which the portal does not use.
    OPENAPI: {
        "OpenAPIMerge": "merge",
        "OpenAPIMergeError": "exceptions",
    },
    DATA_CLASSES: {
        "ALBEvent": "alb_event",
        "APIGatewayProxyEvent": "api_gateway_proxy_event",
        "APIGatewayProxyEventV2": "api_gateway_proxy_event",
        "APIGatewayWebSocketEvent": "api_gateway_websocket_event",
        "AppSyncResolverEvent": "appsync_resolver_event",
        "AppSyncResolverEventsEvent": "appsync_resolver_events_event",
        "AWSConfigRuleEvent": "aws_config_rule_event",
        "BedrockAgentEvent": "bedrock_agent_event",
        "BedrockAgentFunctionEvent": "bedrock_agent_function_event",
        "CloudFormationCustomResourceEvent": "cloudformation_custom_resource_event",
        "CloudWatchAlarmConfiguration": "cloud_watch_alarm_event",
        "CloudWatchAlarmData": "cloud_watch_alarm_event",
        "CloudWatchAlarmEvent": "cloud_watch_alarm_event",
        "CloudWatchAlarmMetric": "cloud_watch_alarm_event",
        "CloudWatchAlarmMetricStat": "cloud_watch_alarm_event",
        "CloudWatchAlarmState": "cloud_watch_alarm_event",
        "CloudWatchDashboardCustomWidgetEvent": "cloud_watch_custom_widget_event",
        "CloudWatchLogsEvent": "cloud_watch_logs_event",
        "CodeDeployLifecycleHookEvent": "code_deploy_lifecycle_hook_event",
        "CodePipelineJobEvent": "code_pipeline_job_event",
        "ConnectContactFlowEvent": "connect_contact_flow_event",
        "DynamoDBStreamEvent": "dynamo_db_stream_event",
        "event_source": "event_source",
        "EventBridgeEvent": "event_bridge_event",
        "KafkaEvent": "kafka_event",
        "KinesisFirehoseDataTransformationRecord": "kinesis_firehose_event",
        "KinesisFirehoseDataTransformationRecordMetadata": "kinesis_firehose_event",
        "KinesisFirehoseDataTransformationResponse": "kinesis_firehose_event",
        "KinesisFirehoseEvent": "kinesis_firehose_event",
        "KinesisStreamEvent": "kinesis_stream_event",
        "LambdaFunctionUrlEvent": "lambda_function_url_event",
        "S3BatchOperationEvent": "s3_batch_operation_event",
        "S3BatchOperationResponse": "s3_batch_operation_event",
        "S3BatchOperationResponseRecord": "s3_batch_operation_event",
        "S3Event": "s3_event",
        "S3EventBridgeNotificationEvent": "s3_event",
        "SecretsManagerEvent": "secrets_manager_event",
        "SESEvent": "ses_event",
        "SNSEvent": "sns_event",
        "SQSEvent": "sqs_event",
        "SQSRecord": "sqs_event",
        "TransferFamilyAuthorizer": "transfer_family_event",
        "TransferFamilyAuthorizerResponse": "transfer_family_event",
        "VPCLatticeEvent": "vpc_lattice",
        "VPCLatticeEventV2": "vpc_lattice",
    },
}


def lazy_package(name: str, exports: Mapping[str, str]) -> ModuleType | None:
    """
    The package `name`, imported without running its `__init__`: `exports` maps each name
    it gives to the submodule that defines it. Returns None if the package was already
    imported (then it stays as it is).
    """
    if name in sys.modules:
        return None
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        raise ImportError(f"{name} is not a package")
    package = importlib.util.module_from_spec(spec)

    def __getattr__(attribute: str) -> Any:  # noqa: N807 - a module's __getattr__ (PEP 562)
        if attribute in exports:
            value = getattr(importlib.import_module(f"{name}.{exports[attribute]}"), attribute)
            # Kept, as the package's __init__ would bind it: a name that is also its
            # submodule's (data_classes' event_source) stays the function, not the module.
            package.__dict__[attribute] = value
            return value
        if not attribute.startswith("__") and importlib.util.find_spec(f"{name}.{attribute}"):
            return importlib.import_module(f"{name}.{attribute}")  # `from package import module`
        raise AttributeError(f"module {name!r} has no attribute {attribute!r}")

    package.__dict__["__getattr__"] = __getattr__
    package.__dict__["__all__"] = list(exports)
    sys.modules[name] = package
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, package)  # as the import system does
    return package


METADATA = "importlib.metadata"
# What is imported from it by name at import: pydantic.networks' `version`.
METADATA_FUNCTIONS = ("version",)


def imported_on_first_use(name: str, functions: tuple[str, ...] = ()) -> ModuleType | None:
    """
    A stand-in for the module `name`, which imports the real module the first time one of
    its attributes is read, then takes no further part: the real one replaces it in
    sys.modules and its package, and every attribute read on the stand-in is the real
    module's. `from name import function` reads an attribute at once: for the `functions`
    named, it gets a function that imports the real module when called. Returns None if
    the module was already imported.
    """
    if name in sys.modules:
        return None
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ImportError(f"no module named {name!r}")
    stand_in = ModuleType(name, f"{name}, imported on first use (portal/api/lean_imports.py)")
    lock = threading.Lock()
    loaded: list[ModuleType] = []

    def real() -> ModuleType:
        with lock:
            if not loaded:
                module = importlib.util.module_from_spec(spec)
                sys.modules[name] = module
                assert spec.loader is not None  # noqa: S101 - checked above
                spec.loader.exec_module(module)
                parent, _, child = name.rpartition(".")
                setattr(sys.modules[parent], child, module)
                loaded.append(module)
            return loaded[0]

    def __getattr__(attribute: str) -> Any:  # noqa: N807 - a module's __getattr__ (PEP 562)
        return getattr(real(), attribute)

    def forwarding(function: str) -> Callable[..., Any]:
        def forward(*args: Any, **kwargs: Any) -> Any:
            return getattr(real(), function)(*args, **kwargs)

        forward.__name__ = forward.__qualname__ = function
        return forward

    stand_in.__dict__.update({f: forwarding(f) for f in functions}, __getattr__=__getattr__)
    if spec.submodule_search_locations is not None:  # read by every `from name import ...`
        stand_in.__path__ = list(spec.submodule_search_locations)
    sys.modules[name] = stand_in
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, stand_in)
    return stand_in


def leave_out_unused_imports() -> None:
    """Before the API's modules import Powertools' event handler and pydantic."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    for name, exports in EXPORTS.items():
        lazy_package(name, exports)
    imported_on_first_use(METADATA, METADATA_FUNCTIONS)
