"""
Deployment artifacts of the Lambda functions: for each function of the template, its
CodeUri folder and a zip of it, holding the runtime dependencies (without the SDK the
runtime provides), the `portal` package without what only the site and local runs use,
the compiled gettext catalogs, and the modules' bytecode for the runtime's Python.
"""

import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from portal.i18n import DOMAIN, SOURCE_LANGUAGE
from portal.packaging.bytecode import compile_bytecode, drop_dependency_sources, find_interpreter
from portal.packaging.lambda_functions import LambdaFunction
from portal.packaging.locale_data import portal_locales, trim_locale_data, with_parents
from portal.packaging.requirements import (
    LAMBDA,
    REPO,
    SDK_PACKAGES,
    PackagingError,
    Target,
    export_requirements,
    install_requirements,
    normalized_name,
)
from portal.site.config import load_site_config

PORTAL = Path(__file__).resolve().parents[1]
LOCALES = REPO / "locales"
SITE_CONFIG = REPO / "mkdocs.yml"
# Lambda's quotas count in binary megabytes (50 MB zipped = 52,428,800 bytes).
MB = 1024 * 1024
# The target for each function's zip (4.5 MB today, bytecode included); Lambda
# itself allows 50 MB.
LIMIT_BYTES = 5 * MB
# A function that needs a dependency group may grow by what the group weighs. The upload
# checker's pypdf and Pillow take 3.5 MB zipped with their bytecode (7.9 MB in all): over
# the 5 MB target until the checker decodes images without Pillow or runs without pydantic.
GROUP_ALLOWANCE_BYTES = {"upload-check": 3 * MB + MB // 2}
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
    # Type stubs and markers, read by type checkers only.
    "**/*.pyi",
    "**/py.typed",
)
# Of a distribution's metadata, importlib.metadata's version() reads METADATA (pydantic
# checks email-validator's version); the file lists, licence copies and build notes go.
KEPT_METADATA = {"METADATA", "entry_points.txt"}
# Zip entries get a fixed date, so that unchanged code gives an identical zip.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Artifact:
    function: LambdaFunction
    zipped_bytes: int
    unzipped_bytes: int
    bytecode: bool

    @property
    def limit_bytes(self) -> int:
        groups = self.function.dependency_groups
        return LIMIT_BYTES + sum(GROUP_ALLOWANCE_BYTES.get(group, 0) for group in groups)

    @property
    def is_within_limit(self) -> bool:
        return self.zipped_bytes <= self.limit_bytes


def _quiet(message: str) -> None:
    pass


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
    Console scripts, bytecode, packages' own test suites, unused parts and metadata out of
    an installed folder.
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
    for metadata in target_dir.glob("*.dist-info"):
        for entry in metadata.iterdir():
            if entry.name not in KEPT_METADATA:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def _check_no_sdk(target_dir: Path) -> None:
    installed = {
        normalized_name(path.name.split("-", 1)[0]) for path in target_dir.glob("*.dist-info")
    }
    bundled = installed & set(SDK_PACKAGES)
    if bundled:
        raise PackagingError(f"the runtime's SDK would be bundled: {', '.join(sorted(bundled))}")


def _check_handlers(target_dir: Path, functions: Sequence[LambdaFunction]) -> None:
    for function in functions:
        module = target_dir / Path(*function.handler_module.split("."))
        if not module.with_suffix(".py").is_file() and not (module / "__init__.py").is_file():
            raise PackagingError(
                f"{function.name}: handler module {function.handler_module} is missing"
            )


def write_zip(folder: Path, archive: Path) -> None:
    """A zip of a folder's files, in a stable order with fixed dates, readable by everyone."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            entry = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = (0o755 if path.stat().st_mode & 0o111 else 0o644) << 16
            # Deflate's strongest level (Lambda reads no other method): ~2% smaller.
            zipped.writestr(entry, path.read_bytes(), compresslevel=9)


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def build_content(
    target_dir: Path,
    uv: Path,
    target: Target,
    languages: Sequence[str],
    python: Path | None,
    groups: Sequence[str] = (),
) -> None:
    """
    What the artifact of a function needing these dependency groups holds, built into a
    folder; `python` compiles it.
    """
    install_requirements(uv, export_requirements(uv, groups), target_dir, target)
    _check_no_sdk(target_dir)
    trim_locale_data(target_dir / "babel", with_parents(portal_locales(languages)))
    remove_dead_weight(target_dir)
    copy_catalogs(copy_portal(target_dir), languages)
    if python is not None:
        compile_bytecode(target_dir, python, target.python_version)
        drop_dependency_sources(target_dir, target.python_version, kept=("portal",))


def build_artifacts(
    functions: Sequence[LambdaFunction],
    uv: Path,
    target: Target = LAMBDA,
    progress: Callable[[str], None] = _quiet,
    python: Path | None = None,
    require_bytecode: bool = False,
) -> list[Artifact]:
    """
    Each function's CodeUri folder and zip. The functions share one package, so the
    content is built and zipped once per set of dependency groups (the zip is
    reproducible) and copied for each function needing that set.
    The bytecode is compiled by `python`, else by an interpreter of the target's version
    found here; without one, the artifacts hold sources only, unless `require_bytecode`.
    """
    languages = list(load_site_config(SITE_CONFIG).languages)
    python = python or find_interpreter(target.python_version)
    if python is None:
        missing = f"no Python {target.python_version} here to compile the modules"
        if require_bytecode:
            raise PackagingError(f"{missing} (python{target.python_version} on PATH, or --python)")
        progress(f"warning: {missing}; the artifacts hold sources only (slower cold starts)")
    contents: dict[tuple[str, ...], tuple[Path, Path]] = {}
    with tempfile.TemporaryDirectory(prefix="portal-package-") as scratch:
        for number, groups in enumerate(dict.fromkeys(f.dependency_groups for f in functions)):
            content = Path(scratch) / f"content-{number}"
            archive = content.with_suffix(".zip")
            extra = f" and {', '.join(groups)}" if groups else ""
            progress(
                f"installing the runtime dependencies{extra} for Python {target.python_version}"
            )
            build_content(content, uv, target, languages, python, groups)
            _check_handlers(content, [f for f in functions if f.dependency_groups == groups])
            write_zip(content, archive)
            contents[groups] = content, archive
        artifacts = []
        for function in functions:
            content, archive = contents[function.dependency_groups]
            progress(f"packaging {function.name} into {_shown(function.code_dir)}")
            shutil.rmtree(function.code_dir, ignore_errors=True)
            shutil.copytree(content, function.code_dir)
            shutil.copyfile(archive, function.archive)
            artifacts.append(
                Artifact(
                    function=function,
                    zipped_bytes=function.archive.stat().st_size,
                    unzipped_bytes=folder_size(function.code_dir),
                    bytecode=python is not None,
                )
            )
    return artifacts


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def render_sizes(artifacts: Sequence[Artifact]) -> str:
    """A table of each artifact's zipped and unzipped size against the limit."""
    rows = [
        (
            "function",
            "artifact",
            "zipped",
            "unzipped",
            "bytecode",
            "limit",
            "zipped within limit",
        )
    ]
    for artifact in artifacts:
        rows.append(
            (
                artifact.function.name,
                _shown(artifact.function.archive),
                f"{artifact.zipped_bytes / MB:.1f} MB",
                f"{artifact.unzipped_bytes / MB:.1f} MB",
                "yes" if artifact.bytecode else "no",
                f"{artifact.limit_bytes / MB:g} MB",
                "ok" if artifact.is_within_limit else "OVER",
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join(
        "  ".join(
            cell.rjust(width) if 2 <= column <= 3 else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    )
