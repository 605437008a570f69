"""
The Lambda functions of infra/template.yaml as packaging needs them: where each one's code
goes (its CodeUri), which module Lambda imports (its Handler), and which dependency groups
of pyproject.toml it needs beyond the runtime dependencies (its `Metadata:
DependencyGroups`), and which runtime dependencies it does without, along with what only
they need (its `Metadata: PrunedDependencies`). A function added to the template is
packaged without any change here.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portal.template import TEMPLATE, load_template

FUNCTION_TYPE = "AWS::Serverless::Function"


@dataclass(frozen=True)
class LambdaFunction:
    name: str
    handler: str
    code_dir: Path
    dependency_groups: tuple[str, ...] = ()
    pruned_dependencies: tuple[str, ...] = ()

    @property
    def dependencies(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """What decides the installed packages: functions alike share one build."""
        return self.dependency_groups, self.pruned_dependencies

    @property
    def handler_module(self) -> str:
        """`portal.api.app` for the handler `portal.api.app.lambda_handler`."""
        return self.handler.rpartition(".")[0]

    @property
    def archive(self) -> Path:
        """The zip beside the code directory: `build/lambda/api.zip` for `build/lambda/api/`."""
        return self.code_dir.with_name(f"{self.code_dir.name}.zip")


def _property(resource: dict[str, Any], defaults: dict[str, Any], key: str, name: str) -> str:
    value = resource.get("Properties", {}).get(key, defaults.get(key))
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name}: {key} must be a plain string in the template, not {value!r}")
    return value


def _names(resource: dict[str, Any], key: str, name: str) -> tuple[str, ...]:
    names = resource.get("Metadata", {}).get(key, [])
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        raise ValueError(f"{name}: Metadata.{key} must list names")
    return tuple(names)


def lambda_functions(template_file: Path = TEMPLATE) -> list[LambdaFunction]:
    """
    Each AWS::Serverless::Function, in template order, with its CodeUri resolved against
    the template's folder (as SAM does) and Globals applied.
    """
    template = load_template(template_file)
    defaults: dict[str, Any] = template.get("Globals", {}).get("Function", {})
    found = []
    for name, resource in template["Resources"].items():
        if resource.get("Type") != FUNCTION_TYPE:
            continue
        code_uri = _property(resource, defaults, "CodeUri", name)
        if "://" in code_uri:
            raise ValueError(f"{name}: CodeUri {code_uri!r} is not a local folder to build")
        groups = _names(resource, "DependencyGroups", name)
        pruned = _names(resource, "PrunedDependencies", name)
        found.append(
            LambdaFunction(
                name=name,
                handler=_property(resource, defaults, "Handler", name),
                code_dir=(template_file.parent / code_uri).resolve(),
                dependency_groups=groups,
                pruned_dependencies=pruned,
            )
        )
    return found
