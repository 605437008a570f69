"""
Every error code the code can produce has a sentence, and every sentence is translated.
"""

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from portal.api.error_handlers import RESOURCE_STATUSES, SUBMISSION_STATUSES
from portal.api.field_errors import FIELD_CODES
from portal.domain import errors
from portal.domain.cases import LANGUAGES
from portal.error_sentences import ERROR_SENTENCES, error_sentence

RAISED = re.compile(
    r'(?:PydanticCustomError|InvalidSubmission|ConfirmationFailed|ChallengeFailed|DomainError|BodyRefusal)\(\s*"(\w+)"'
)


FUNCTIONS = Path(__file__).resolve().parents[2] / "functions"


def module_file(name: str) -> Path | None:
    base = FUNCTIONS.joinpath(*name.split("."))
    found = [path for path in (base.with_suffix(".py"), base / "__init__.py") if path.is_file()]
    return found[0] if found else None


def runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node of a module but those under `if TYPE_CHECKING:`, which never run."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            for other in node.orelse:
                yield other
                yield from runtime_nodes(other)
            continue
        yield node
        yield from runtime_nodes(node)


def imported_names(source: str) -> Iterator[str]:
    """Names a module imports, at the top or inside functions; `from a import b` gives a and a.b."""
    for node in runtime_nodes(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def api_sources() -> list[str]:
    """
    The source of every portal module the API imports: the only errors a sender can meet.
    Read from the import statements, so that modules other tests imported are not counted.
    """
    sources: dict[str, str] = {}
    pending = ["portal.api.app"]
    while pending:
        name = pending.pop()
        path = module_file(name)
        if name in sources or path is None:
            continue
        sources[name] = path.read_text("utf-8")
        parts = name.split(".")
        pending += [".".join(parts[:end]) for end in range(2, len(parts))]  # parent packages
        pending += [found for found in imported_names(sources[name]) if found.startswith("portal.")]
    assert {"portal.api.app", "portal.api.notices", "portal.domain.errors"} <= set(sources)
    return list(sources.values())


def produced_codes() -> set[str]:
    sources = api_sources()
    codes = {code for text in sources for code in RAISED.findall(text)}
    raised_classes = {
        cls.code
        for cls in vars(errors).values()
        if isinstance(cls, type)
        and issubclass(cls, errors.DomainError)
        and any(
            re.search(rf"\b{cls.__name__}\b", text)
            for text in sources
            if "class DomainError" not in text
        )
    }
    return (
        codes
        | raised_classes
        | {code for code, _ in FIELD_CODES.values()}
        | set(RESOURCE_STATUSES)
        | set(SUBMISSION_STATUSES)
    )


def test_every_code_the_code_can_produce_has_a_message() -> None:
    codes = produced_codes()

    assert len(codes) > 40
    assert sorted(codes - set(ERROR_SENTENCES)) == []


# A value for every parameter any message takes.
PARAMS = {
    "limit": 1,
    "min_length": 1,
    "max_length": 1,
    "minimum": 1,
    "maximum": 1,
    "closed_on": "2026-01-01",
    "request_id": "r",
    "rule": "R01",
    "earliest_on": "2000-01-01",
    "latest_on": "2038-01-01",
    "message": "m",
}


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_every_message_is_translated(language: str) -> None:
    untranslated = [
        code
        for code in ERROR_SENTENCES
        if error_sentence(code, language, **PARAMS) == error_sentence(code, "en", **PARAMS)
    ]

    assert untranslated == []


def test_dates_in_messages_are_written_for_the_reader() -> None:
    assert "21. November 2026" in error_sentence(
        "appeal_window_closed", "de", closed_on="2026-11-21"
    )
    assert "21 novembre 2026" in error_sentence(
        "appeal_window_closed", "fr", closed_on="2026-11-21"
    )
