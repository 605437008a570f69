"""
A pull request's preview (PORTAL_PREVIEW at build time, .github/workflows/pull-request.yml):
its pages would post to the live API, so its forms say they send nothing and cannot send.
"""

from pathlib import Path

import pytest

from portal.site.build import build_site
from tests.sitetools import copy_project


def test_a_preview_build_switches_its_forms_off_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built_site: Path
) -> None:
    monkeypatch.setenv("PORTAL_PREVIEW", "pr-42")
    # A copy without git history builds no earlier versions: 39 pages instead of 63.
    project = copy_project(tmp_path)
    build_site(project / "mkdocs.yml", tmp_path / "out", ["fr"])

    preview = (tmp_path / "out" / "fr" / "reviews" / "report" / "index.html").read_text("utf-8")
    published = (built_site / "fr" / "reviews" / "report" / "index.html").read_text("utf-8")

    assert "Ceci est l'aperçu d'une modification proposée" in preview
    assert 'type="submit" disabled' in preview
    assert "data-preview-notice" not in published
    assert 'type="submit" disabled' not in published
