"""
infra/template.yaml read as data: CloudFormation's short tags (!Ref, !GetAtt, !Sub, ...)
become their long forms. The local stack, the packaging and the tests read the deployment's
own definitions through it.
"""

from pathlib import Path
from typing import Any

import yaml

TEMPLATE = Path(__file__).resolve().parents[2] / "infra" / "template.yaml"


class _CloudFormationLoader(yaml.SafeLoader):
    """Reads CloudFormation's short tags (!Ref, !GetAtt, !Sub, ...) as their long forms."""


def _construct(tag: str) -> Any:
    name = "Ref" if tag == "Ref" else f"Fn::{tag}"

    def build(loader: yaml.SafeLoader, node: yaml.Node) -> dict[str, Any]:
        if isinstance(node, yaml.ScalarNode):
            value: Any = loader.construct_scalar(node)
            if tag == "GetAtt":
                value = str(value).split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
        return {name: value}

    return build


for _tag in (
    "Ref",
    "GetAtt",
    "Sub",
    "Select",
    "Split",
    "Join",
    "If",
    "Equals",
    "Not",
    "FindInMap",
    "ImportValue",
    "GetAZs",
    "Base64",
    "And",
    "Or",
    "Condition",
):
    _CloudFormationLoader.add_constructor(f"!{_tag}", _construct(_tag))


def load_template(path: Path = TEMPLATE) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.load(path.read_text("utf-8"), Loader=_CloudFormationLoader)  # noqa: S506
    return loaded
