"""
Deployment artifacts of the Lambda functions: for each function of the template, its
CodeUri folder and a zip of it, holding the runtime dependencies (without the SDK the
runtime provides), the `portal` package and catalogs (content.py), and the modules'
bytecode for the runtime's Python; sizes.py weighs them.
"""

import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from portal.packaging.bytecode import compile_bytecode, drop_dependency_sources, find_interpreter
from portal.packaging.content import (
    check_handlers,
    check_no_sdk,
    copy_catalogs,
    copy_portal,
    remove_dead_weight,
)
from portal.packaging.lambda_functions import LambdaFunction
from portal.packaging.locale_data import portal_locales, trim_locale_data, with_parents
from portal.packaging.requirements import (
    LAMBDA,
    REPO,
    PackagingError,
    Target,
    export_requirements,
    install_requirements,
)
from portal.packaging.sizes import Artifact, folder_size, shown
from portal.site.config import load_site_config

SITE_CONFIG = REPO / "mkdocs.yml"
# Zip entries get a fixed date, so that unchanged code gives an identical zip.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _quiet(message: str) -> None:
    pass


def write_zip(folder: Path, archive: Path) -> None:
    """A zip of a folder's files, in a stable order with fixed dates, readable by everyone."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            entry = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = (0o755 if path.stat().st_mode & 0o111 else 0o644) << 16
            # Deflate's strongest level (Lambda reads no other method): ~2% smaller.
            zipped.writestr(entry, path.read_bytes(), compresslevel=9)


def build_content(
    target_dir: Path,
    uv: Path,
    target: Target,
    languages: Sequence[str],
    python: Path | None,
    groups: Sequence[str] = (),
    pruned: Sequence[str] = (),
) -> None:
    """
    What the artifact of a function needing these dependency groups, and doing without
    these pruned dependencies, holds, built into a folder; `python` compiles it.
    """
    install_requirements(uv, export_requirements(uv, groups, pruned), target_dir, target)
    check_no_sdk(target_dir)
    if (target_dir / "babel").is_dir():  # not for a function that prunes babel
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
    content is built and zipped once per set of dependency groups and pruned dependencies
    (the zip is reproducible) and copied for each function with that set.
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
    contents: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[Path, Path]] = {}
    with tempfile.TemporaryDirectory(prefix="portal-package-") as scratch:
        for number, key in enumerate(dict.fromkeys(f.dependencies for f in functions)):
            groups, pruned = key
            content = Path(scratch) / f"content-{number}"
            archive = content.with_suffix(".zip")
            extra = f" and {', '.join(groups)}" if groups else ""
            without = f", without {', '.join(pruned)}" if pruned else ""
            progress(
                f"installing the runtime dependencies{extra}{without}"
                f" for Python {target.python_version}"
            )
            build_content(content, uv, target, languages, python, groups, pruned)
            check_handlers(content, [f for f in functions if f.dependencies == key])
            write_zip(content, archive)
            contents[key] = content, archive
        artifacts = []
        for function in functions:
            content, archive = contents[function.dependencies]
            progress(f"packaging {function.name} into {shown(function.code_dir)}")
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
