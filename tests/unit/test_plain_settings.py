"""
The upload checker's settings, read without pydantic: as settings.py reads the others,
each from its variable, refusing a missing or too short value.
"""

import pytest

from portal.plain_settings import UploadCheckSettings


def test_the_settings_are_read_from_their_variables() -> None:
    settings = UploadCheckSettings.from_environ({"ATTACHMENTS_BUCKET": "files", "OTHER": "x"})

    assert settings == UploadCheckSettings(attachments_bucket="files")
    assert UploadCheckSettings.aliases() == {"attachments_bucket": "ATTACHMENTS_BUCKET"}


def test_a_missing_variable_is_refused() -> None:
    with pytest.raises(ValueError, match="missing environment variables: ATTACHMENTS_BUCKET"):
        UploadCheckSettings.from_environ({})


@pytest.mark.parametrize("value", ["ab", ""])
def test_a_value_shorter_than_its_minimum_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="ATTACHMENTS_BUCKET must be text of at least 3"):
        UploadCheckSettings.from_environ({"ATTACHMENTS_BUCKET": value})
