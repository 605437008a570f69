"""
What the attachment workers may do in the bucket: the upload checker is told 404 for a
missing key (s3:ListBucket), and the case-events worker reads a file's holder before it
deletes it.
"""

from typing import Any

import pytest

ATTACHMENTS_BUCKET_ARN = {"Fn::GetAtt": ["AttachmentsBucket", "Arn"]}


def statements(translated: dict[str, Any], role: str) -> list[dict[str, Any]]:
    policies = translated["Resources"][role]["Properties"]["Policies"]
    return [s for policy in policies for s in policy["PolicyDocument"]["Statement"]]


def actions(statement: dict[str, Any]) -> list[str]:
    action = statement["Action"]
    return [action] if isinstance(action, str) else list(action)


def test_the_upload_checker_may_list_the_bucket_so_a_missing_key_answers_404(
    translated: dict[str, Any],
) -> None:
    found = statements(translated, "UploadCheckFunctionRole")

    assert any(
        "s3:ListBucket" in actions(s) and s["Resource"] == ATTACHMENTS_BUCKET_ARN for s in found
    )


def test_the_upload_checker_may_read_filed_uploads_to_refuse_an_id_used_twice(
    translated: dict[str, Any],
) -> None:
    found = statements(translated, "UploadCheckFunctionRole")

    readable = [str(s["Resource"]) for s in found if "s3:GetObject" in actions(s)]
    assert any("accepted/*" in r for r in readable)
    assert any("quarantine/*" in r for r in readable)


def test_the_case_events_worker_reads_a_files_holder_before_deleting_it(
    translated: dict[str, Any],
) -> None:
    found = statements(translated, "CaseEventsFunctionRole")

    assert any(
        {"s3:GetObjectTagging", "s3:DeleteObject"} <= set(actions(s))
        and "accepted/*" in str(s["Resource"])
        for s in found
    )


@pytest.mark.parametrize("role", ["CaseEventsFunctionRole", "SweepFunctionRole"])
def test_the_workers_that_attach_files_may_read_who_holds_them_first(
    translated: dict[str, Any], role: str
) -> None:
    # S3Uploads.attach and delete_if_attached_to read the `attached` tag before they act.
    found = statements(translated, role)

    tagged = {str(s["Resource"]) for s in found if "s3:PutObjectTagging" in actions(s)}
    read = {str(s["Resource"]) for s in found if "s3:GetObjectTagging" in actions(s)}
    assert tagged and tagged <= read
    assert any(
        "s3:ListBucket" in actions(s) and s["Resource"] == ATTACHMENTS_BUCKET_ARN for s in found
    )
