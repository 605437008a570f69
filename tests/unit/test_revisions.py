"""A revision's tar of the site inputs unpacks files and folders below its target only."""

import io
import tarfile
from pathlib import Path

import pytest

from portal.site.revisions import RevisionError, unpack


def archive(*members: tarfile.TarInfo, text: bytes = b"# Terms\n") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for member in members:
            if member.isfile():
                member.size = len(text)
                tar.addfile(member, io.BytesIO(text))
            else:
                tar.addfile(member)
    return buffer.getvalue()


def member(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    return info


@pytest.fixture(params=["filter", "no filter"])
def python(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """This Python, and one without tarfile's filters (before 3.11.4, as Debian 12's)."""
    if request.param == "no filter":
        monkeypatch.delattr(tarfile, "data_filter", raising=False)


@pytest.mark.usefixtures("python")
def test_files_and_folders_are_unpacked_below_the_target(tmp_path: Path) -> None:
    unpack(archive(member("docs", tarfile.DIRTYPE), member("docs/en/terms.md")), tmp_path)

    assert (tmp_path / "docs" / "en" / "terms.md").read_bytes() == b"# Terms\n"


@pytest.mark.usefixtures("python")
@pytest.mark.parametrize(
    "bad",
    [
        member("../outside.md"),
        member("docs/../../outside.md"),
        member("/etc/outside.md"),
        member("docs/link.md", tarfile.SYMTYPE, "/etc/passwd"),
        member("docs/hard.md", tarfile.LNKTYPE, "docs/terms.md"),
    ],
    ids=["parent", "nested parent", "absolute", "symlink", "hard link"],
)
def test_anything_else_is_refused_and_nothing_is_written(
    tmp_path: Path, bad: tarfile.TarInfo
) -> None:
    target = tmp_path / "revision"

    with pytest.raises(RevisionError, match="not unpacked"):
        unpack(archive(member("docs/en/terms.md"), bad), target)

    assert not target.exists()
    assert list(tmp_path.iterdir()) == []
