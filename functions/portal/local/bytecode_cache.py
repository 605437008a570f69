"""
The bytecode of an environment's packages, kept between clones as uv keeps their files.

uv links each installed file from its cache, so every clone's copy of a module has the same
size and modification time, which is all Python checks a module's bytecode against: the
bytecode one clone's run wrote is valid in another's. `restore` links what was kept into a
new environment, beside the modules it has (never a folder for a module it lacks); `save`
keeps what a run wrote. A kept file whose module has changed is compiled again by Python,
as if it were missing, and the next `save` keeps the new one.

The folder is `PORTAL_BYTECODE_CACHE`, or `portal-bytecode` in the user's cache folder,
one subfolder per environment and Python bytecode version. Deleting it only makes the next
run slower. Standard library only: it runs in any of the project's environments, by path
(`python functions/portal/local/bytecode_cache.py save portal`).
"""

import importlib.util
import os
import sys
import sysconfig
from pathlib import Path

TAG = f"{sys.implementation.cache_tag}-{importlib.util.MAGIC_NUMBER.hex()}"
SUFFIX = f".{sys.implementation.cache_tag}.pyc"


def cache_dir(environment: str) -> Path:
    configured = os.environ.get("PORTAL_BYTECODE_CACHE")
    user_cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    root = Path(configured) if configured else Path(user_cache) / "portal-bytecode"
    return root / environment / TAG


def site_packages() -> Path:
    return Path(sysconfig.get_paths()["purelib"])


def _listing(folder: Path) -> dict[str, os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return {entry.name: entry for entry in entries}
    except FileNotFoundError:
        return {}


def _bytecode_folders(root: Path) -> list[Path]:
    """Each __pycache__ folder below `root`, relative to it."""
    return [
        Path(place).relative_to(root)
        for place, _, _ in os.walk(root)
        if place.endswith(f"{os.sep}__pycache__")
    ]


def _link(source: Path, target: Path) -> None:
    """`target` becomes `source`'s file, replaced at once (Python replaces bytecode the same way)."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    try:
        os.link(source, temporary)
    except OSError:  # another file system: a copy
        temporary.write_bytes(source.read_bytes())
    temporary.replace(target)


def _checked_against_its_module(bytecode: Path) -> bool:
    """
    Bytecode of this Python that Python checks against its module's time and size before
    use (flags 0), never bytecode it would trust unchecked (compileall's hash modes).
    """
    with bytecode.open("rb") as file:
        header = file.read(8)
    return header[:4] == importlib.util.MAGIC_NUMBER and header[4:8] == bytes(4)


def restore(site: Path, cache: Path) -> int:
    """
    Links each kept file whose module this environment has and has no bytecode for (`save`
    keeps only bytecode that Python checks against its module).
    """
    restored = 0
    for relative in _bytecode_folders(cache):
        modules = _listing(site / relative.parent)
        if not modules:
            continue
        target = site / relative
        present = _listing(target)
        for name in _listing(cache / relative):
            module = f"{name.split('.', 1)[0]}.py"
            if not name.endswith(SUFFIX) or name in present or module not in modules:
                continue
            target.mkdir(exist_ok=True)
            try:
                os.link(cache / relative / name, target / name)
            except FileExistsError:  # written meanwhile: Python's own
                continue
            except OSError:  # another file system
                _link(cache / relative / name, target / name)
            restored += 1
    return restored


def save(site: Path, cache: Path) -> int:
    """Keeps each bytecode file of the environment that the cache lacks or has older."""
    saved = 0
    for relative in _bytecode_folders(site):
        kept = _listing(cache / relative)
        for name, written in _listing(site / relative).items():
            if not name.endswith(SUFFIX):
                continue
            old = kept.get(name)
            if old is not None and (
                old.inode() == written.inode() or old.stat().st_mtime >= written.stat().st_mtime
            ):
                continue
            if _checked_against_its_module(Path(written.path)):
                (cache / relative).mkdir(parents=True, exist_ok=True)
                _link(Path(written.path), cache / relative / name)
                saved += 1
    return saved


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("restore", "save"):
        print("usage: bytecode_cache.py restore|save ENVIRONMENT", file=sys.stderr)
        return 2
    action, environment = argv
    site, cache = site_packages(), cache_dir(environment)
    try:
        if action == "restore":
            restore(site, cache)
        else:
            save(site, cache)
    except OSError as error:
        print(f"bytecode cache: {action} failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
