"""
The API's cold import leaves out Powertools' resolvers and event classes it never uses,
pydantic's plugin search, OpenAPI merging and importlib.metadata; every name of the lazy packages still
resolves, to the same object as the package's own `__init__` gives, and importlib.metadata
is the real one from its first use.
"""

import json
import subprocess
import sys

# In a fresh interpreter: what importing the API loads, then each lazy package against a
# copy of it made by its real __init__ (whose imports find the submodules already loaded).
FRESH_IMPORT = """
import importlib.util, json, os, sys
import portal.api.app
from portal.api.lean_imports import DATA_CLASSES, EVENT_HANDLER, EXPORTS, OPENAPI
loaded = [name for name in ("asyncio", f"{EVENT_HANDLER}.appsync", f"{DATA_CLASSES}.s3_event",
                            f"{OPENAPI}.merge", "email.message", "zipfile")
          if name in sys.modules]
stand_in = sys.modules["importlib.metadata"]
from importlib.metadata import version  # as pydantic.networks imports it
pydantic_version = version("pydantic")  # the real module, imported now
metadata = sys.modules["importlib.metadata"]
differences = {}
for name in EXPORTS:
    lazy = sys.modules[name]
    given = {n: getattr(lazy, n, None) for n in lazy.__all__}
    real = importlib.util.module_from_spec(lazy.__spec__)
    lazy.__spec__.loader.exec_module(real)
    differences[name] = sorted(
        set(real.__all__) ^ set(lazy.__all__)
        | {n for n in real.__all__ if given.get(n) is not getattr(real, n)}
    )
from aws_lambda_powertools.event_handler import AppSyncResolver, content_types
print(json.dumps({
    "loaded_at_import": loaded,
    "plugins": os.environ.get("PYDANTIC_DISABLE_PLUGINS"),
    "differences": differences,
    "later": [AppSyncResolver.__module__, content_types.__name__],
    "metadata": [stand_in is not metadata, metadata.__file__.endswith("__init__.py"),
                 stand_in.distributions is metadata.distributions,
                 pydantic_version == metadata.version("pydantic")],
}))
"""


def test_the_api_imports_without_the_unused_resolvers_and_every_name_still_resolves() -> None:
    done = subprocess.run(
        [sys.executable, "-c", FRESH_IMPORT], capture_output=True, text=True, check=True
    )

    assert json.loads(done.stdout) == {
        "loaded_at_import": [],
        "plugins": "__all__",
        "differences": {
            "aws_lambda_powertools.event_handler": [],
            "aws_lambda_powertools.event_handler.openapi": [],
            "aws_lambda_powertools.utilities.data_classes": [],
        },
        "later": [
            "aws_lambda_powertools.event_handler.appsync",
            "aws_lambda_powertools.event_handler.content_types",
        ],
        "metadata": [True, True, True, True],
    }


def test_a_package_already_imported_is_left_as_it_is() -> None:
    from portal.api.lean_imports import lazy_package

    assert lazy_package("json", {}) is None


def test_an_unknown_name_is_an_import_error() -> None:
    import aws_lambda_powertools.event_handler as event_handler

    try:
        from aws_lambda_powertools.event_handler import NoSuchResolver  # type: ignore[attr-defined]  # noqa: F401
    except ImportError as error:
        assert "NoSuchResolver" in str(error)
    else:
        raise AssertionError("imported a name the package does not have")
    assert not hasattr(event_handler, "__no_such_dunder__")
