"""
What of the `portal` package goes into an artifact: everything a handler can import, and
not the site build, local runs, the command line or the packaging.
"""

from pathlib import Path

from portal.packaging.artifacts import copy_portal, excluded_imports


def test_the_runtime_modules_import_nothing_left_out(tmp_path: Path) -> None:
    # So the localized country and language lists of portal.site.forms never run in Lambda.
    copy = copy_portal(tmp_path)

    assert excluded_imports(copy) == []
    assert (copy / "api" / "app.py").is_file()
    assert (copy / "workers" / "send_mail.py").is_file()
    for part in ("site", "local", "packaging", "cli.py"):
        assert not (copy / part).exists(), part
    assert not list(copy.rglob("__pycache__"))


def test_an_import_of_a_left_out_part_is_reported(tmp_path: Path) -> None:
    worker = tmp_path / "portal" / "workers" / "job.py"
    worker.parent.mkdir(parents=True)
    worker.write_text(
        "from portal.site.forms import member_states\n"
        "from portal import cli\n"
        "from portal.sitemaps import pages\n"
        "def run():\n"
        "    import portal.local.aws\n",
        encoding="utf-8",
    )

    found = excluded_imports(tmp_path / "portal")

    assert found == [
        "portal/workers/job.py: portal.site.forms",
        "portal/workers/job.py: portal.cli",
        "portal/workers/job.py: portal.local.aws",
    ]
