"""
The functions to package come from infra/template.yaml: a new one needs no code change.
"""

import tomllib
from pathlib import Path

from portal.packaging.lambda_functions import lambda_functions
from portal.packaging.requirements import REPO

TEMPLATE = """\
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.13
    Handler: portal.api.app.lambda_handler
Resources:
  Queue:
    Type: AWS::SQS::Queue
  ApiFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ../build/lambda/api/
      Environment:
        Variables:
          QUEUE_URL: !Ref Queue
  RecipientsFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ../build/lambda/recipients/
      Handler: portal.workers.recipients_job.lambda_handler
  CheckFunction:
    Type: AWS::Serverless::Function
    Metadata:
      DependencyGroups: [upload-check]
      PrunedDependencies: [pydantic]
    Properties:
      CodeUri: ../build/lambda/check/
      Handler: portal.workers.check_upload.lambda_handler
"""


def test_every_function_of_the_template_is_packaged_into_its_code_uri() -> None:
    functions = {function.name: function for function in lambda_functions()}

    assert functions["ApiFunction"].code_dir == REPO / "build" / "lambda" / "api"
    assert functions["ApiFunction"].archive == REPO / "build" / "lambda" / "api.zip"
    assert functions["MailFunction"].handler_module == "portal.workers.send_mail"
    assert {"ApiFunction", "MailFunction", "CaseEventsFunction", "UploadCheckFunction"} <= set(
        functions
    )


def test_a_function_added_to_the_template_is_packaged_too(tmp_path: Path) -> None:
    template = tmp_path / "infra" / "template.yaml"
    template.parent.mkdir()
    template.write_text(TEMPLATE, encoding="utf-8")

    functions = lambda_functions(template)

    assert [(f.name, f.handler, f.code_dir) for f in functions] == [
        ("ApiFunction", "portal.api.app.lambda_handler", tmp_path / "build" / "lambda" / "api"),
        (
            "RecipientsFunction",
            "portal.workers.recipients_job.lambda_handler",
            tmp_path / "build" / "lambda" / "recipients",
        ),
        (
            "CheckFunction",
            "portal.workers.check_upload.lambda_handler",
            tmp_path / "build" / "lambda" / "check",
        ),
    ]
    assert functions[0].dependencies == ((), ())
    assert functions[2].dependencies == (("upload-check",), ("pydantic",))


def test_what_a_function_prunes_is_what_its_import_contract_forbids() -> None:
    # A pruned package the code still imports fails at the first import in Lambda;
    # import-linter (`make lint`) finds that import, if the two lists agree.
    contracts = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]
    forbidden = {
        tuple(contract["source_modules"]): contract["forbidden_modules"]
        for contract in contracts["importlinter"]["contracts"]
        if contract["type"] == "forbidden"
    }
    pruning = [f for f in lambda_functions() if f.pruned_dependencies]

    assert [f.name for f in pruning] == ["UploadCheckFunction", "ReportDraftFinishFunction"]
    for function in pruning:
        assert forbidden[(function.handler_module,)] == list(function.pruned_dependencies)
