"""
The settings of the entry points that run without pydantic, read from the environment as
settings.py reads the others: the upload checker's artifact carries Pillow and pypdf
instead of pydantic, to stay within the 5 MB target (PrunedDependencies of
UploadCheckFunction in infra/template.yaml). Each field names the variable that
infra/template.yaml sets; keep both in step.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Self


def variable(name: str, min_length: int = 1) -> Any:
    """A required text setting, read from the environment variable `name`."""
    return field(metadata={"alias": name, "min_length": min_length})


@dataclass(frozen=True)
class PlainEnvironment:
    """Required text settings, each checked as settings.py's `Field(min_length=...)`."""

    def __post_init__(self) -> None:
        for setting in fields(self):
            value = getattr(self, setting.name)
            shortest = setting.metadata["min_length"]
            if not isinstance(value, str) or len(value) < shortest:
                alias = setting.metadata["alias"]
                raise ValueError(f"{alias} must be text of at least {shortest} characters")

    @classmethod
    def aliases(cls) -> dict[str, str]:
        """Each setting's environment variable, by field name."""
        return {setting.name: setting.metadata["alias"] for setting in fields(cls)}

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Self:
        environ = os.environ if environ is None else environ
        aliases = cls.aliases()
        missing = sorted(alias for alias in aliases.values() if alias not in environ)
        if missing:
            raise ValueError(f"missing environment variables: {', '.join(missing)}")
        return cls(**{name: environ[alias] for name, alias in aliases.items()})


@dataclass(frozen=True)
class UploadCheckSettings(PlainEnvironment):
    """The worker that checks every uploaded file."""

    attachments_bucket: str = variable("ATTACHMENTS_BUCKET", min_length=3)
