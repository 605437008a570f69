"""
What an artifact holds besides the installed dependencies: the `portal` package without
what only the site and local runs use, the compiled gettext catalogs, and the dependencies
without the parts nothing the functions run imports; with the checks that nothing the
runtime provides is bundled and that every handler's module is there.
"""

import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path

from portal.i18n import DOMAIN, SOURCE_LANGUAGE
from portal.packaging.lambda_functions import LambdaFunction
from portal.packaging.requirements import REPO, SDK_PACKAGES, PackagingError, normalized_name

PORTAL = Path(__file__).resolve().parents[1]
LOCALES = REPO / "locales"
# Parts of `portal` no handler imports: the site build, local runs, the command line, the
# template reader and this packaging. import-linter's contract on what is deployed
# (pyproject.toml, `make lint`) keeps the handlers' modules away from them.
EXCLUDED = ("site", "local", "packaging", "cli", "template.py")
# Pillow's optional native parts the upload checker never uses (it decodes PNG and JPEG
# only, through PIL/_imaging): AVIF, WebP, fonts, colour management and Tk, each with its
# bundled libraries. Pillow imports them lazily and does without. Checked by
# tests/infra/test_artifacts.py, which decodes both formats from the artifact.
UNUSED_NATIVE_PARTS = (
    "PIL/_avif.*",
    "PIL/_webp.*",
    "PIL/_imagingft.*",
    "PIL/_imagingcms.*",
    "PIL/_imagingtk.*",
    "pillow.libs/libavif-*",
    "pillow.libs/libwebp*",
    "pillow.libs/libsharpyuv-*",
    "pillow.libs/libfreetype-*",
    "pillow.libs/libharfbuzz-*",
    "pillow.libs/libbrotli*",
    "pillow.libs/libpng16-*",
    "pillow.libs/liblcms2-*",
)
# Pillow's file formats that the upload checker reads and writes: PNG and JPEG, with the
# JPEG variant MPO, and TIFF for the EXIF block that turns a photo upright. Every other
# format's plugin goes, so that no decoder the checker does not need can be reached, even
# by mistake; Pillow imports its plugins in `try` and does without the missing ones.
# Checked by tests/infra/test_artifacts.py, which decodes both formats from the artifact.
PILLOW_PLUGINS_KEPT = ("Png", "Jpeg", "Mpo", "Tiff")
# Parts of the dependencies that nothing the functions run imports; found by reading the
# imports, checked by tests/infra/ importing every handler and answering requests from its
# artifact.
UNUSED_PARTS = (
    # dnspython: only email_validator's deliverability check (DNS lookups) imports it, and
    # neither pydantic's EmailStr nor portal.domain.mail asks for that check.
    "dns",
    "dnspython-*.dist-info",
    # pydantic's copy of its version 1, for V1 models: the portal has none.
    "pydantic/v1",
    # babel's catalog tools: portal.i18n uses them only without compiled catalogs, which
    # every artifact carries (copy_catalogs).
    "babel/messages",
    # Swagger UI's own files: the API serves no Swagger UI.
    "aws_lambda_powertools/event_handler/openapi/swagger_ui/swagger-ui*",
    # Powertools utilities no function uses (nor Powertools' own modules that they use).
    "aws_lambda_powertools/utilities/auth_alpha",
    "aws_lambda_powertools/utilities/circuit_breaker",
    "aws_lambda_powertools/utilities/data_masking",
    "aws_lambda_powertools/utilities/feature_flags",
    "aws_lambda_powertools/utilities/kafka",
    "aws_lambda_powertools/utilities/streaming",
    # PyYAML's C loader (0.75 MB zipped): the report drafts read two small files with
    # yaml.safe_load, whose pure-Python loader PyYAML falls back to without it.
    "yaml/_yaml.*",
    # Jinja2's modules that only other uses of it import (the API's form pages need none):
    # extensions, the sandbox, native types and template introspection.
    "jinja2/ext.py",
    "jinja2/sandbox.py",
    "jinja2/nativetypes.py",
    "jinja2/meta.py",
    # Type stubs and markers, read by type checkers only.
    "**/*.pyi",
    "**/py.typed",
)
# The one time zone the functions use (portal.domain.deadlines.OPERATOR_TIME_ZONE): of
# tzdata's 600 zone files, only its own stays (a third of a megabyte zipped).
KEPT_ZONES = ("Europe/Paris",)
# Of a distribution's metadata, importlib.metadata's version() reads METADATA (pydantic
# checks email-validator's version); the file lists, licence copies and build notes go.
KEPT_METADATA = {"METADATA", "entry_points.txt"}


def copy_portal(target_dir: Path) -> Path:
    """The `portal` package into a folder, without its excluded parts; returns its copy."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {name for name in names if name == "__pycache__" or name.endswith(".pyc")}
        if Path(folder) == PORTAL:
            skipped |= set(EXCLUDED) & set(names)
        return skipped

    copy = target_dir / "portal"
    shutil.copytree(PORTAL, copy, ignore=ignore)
    return copy


def copy_catalogs(portal_dir: Path, languages: Iterable[str]) -> None:
    """
    The compiled catalog of each translated language to `portal/locales/`, where
    portal.i18n looks first. A missing or outdated `.mo` stops the build (`make locales`).
    """
    for lang in languages:
        if lang == SOURCE_LANGUAGE:
            continue
        source = LOCALES / lang / "LC_MESSAGES"
        mo, po = source / f"{DOMAIN}.mo", source / f"{DOMAIN}.po"
        if not mo.is_file() or (po.is_file() and mo.stat().st_mtime < po.stat().st_mtime):
            raise PackagingError(f"{mo} is missing or older than its .po; run `make locales`")
        folder = portal_dir / "locales" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        shutil.copy2(mo, folder / mo.name)


def remove_dead_weight(target_dir: Path) -> None:
    """
    Console scripts, bytecode, packages' own test suites, unused parts, Pillow's unused
    formats and metadata out of an installed folder.
    """
    shutil.rmtree(target_dir / "bin", ignore_errors=True)
    for cache in sorted(target_dir.rglob("__pycache__"), reverse=True):
        shutil.rmtree(cache)
    # Only inside a package: a top-level `tests` would be a distribution of its own.
    for suite in sorted(target_dir.glob("*/**/tests"), reverse=True):
        if suite.is_dir():
            shutil.rmtree(suite)
    for compiled in target_dir.rglob("*.py[co]"):
        compiled.unlink()
    for pattern in (*UNUSED_NATIVE_PARTS, *UNUSED_PARTS):
        for unused in sorted(target_dir.glob(pattern), reverse=True):
            if unused.is_dir():
                shutil.rmtree(unused)
            elif unused.exists():
                unused.unlink()
    zones = target_dir / "tzdata" / "zoneinfo"
    for zone in zones.rglob("*") if zones.is_dir() else ():
        name = zone.relative_to(zones).as_posix()
        if zone.is_file() and not zone.name.startswith("__init__") and name not in KEPT_ZONES:
            zone.unlink()
    kept_plugins = {f"{name}ImagePlugin" for name in PILLOW_PLUGINS_KEPT}
    for plugin in target_dir.glob("PIL/*ImagePlugin.py*"):
        if plugin.name.split(".")[0] not in kept_plugins:
            plugin.unlink()
    for metadata in target_dir.glob("*.dist-info"):
        for entry in metadata.iterdir():
            if entry.name not in KEPT_METADATA:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def check_no_sdk(target_dir: Path) -> None:
    installed = {
        normalized_name(path.name.split("-", 1)[0]) for path in target_dir.glob("*.dist-info")
    }
    bundled = installed & set(SDK_PACKAGES)
    if bundled:
        raise PackagingError(f"the runtime's SDK would be bundled: {', '.join(sorted(bundled))}")


def check_handlers(target_dir: Path, functions: Sequence[LambdaFunction]) -> None:
    for function in functions:
        module = target_dir / Path(*function.handler_module.split("."))
        if not module.with_suffix(".py").is_file() and not (module / "__init__.py").is_file():
            raise PackagingError(
                f"{function.name}: handler module {function.handler_module} is missing"
            )
