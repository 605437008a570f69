"""
A pull request's preview (PORTAL_PREVIEW at build time, .github/workflows/pull-request.yml):
its pages would post to the live API, so its forms say they send nothing and cannot send.
"""

from pathlib import Path

import pytest

from portal.site.build import build_site
from tests.conftest import CONFIG_FILE


def test_a_preview_build_switches_its_forms_off_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built_site: Path
) -> None:
    monkeypatch.setenv("PORTAL_PREVIEW", "pr-42")
    build_site(CONFIG_FILE, tmp_path, ["fr"])

    preview = (tmp_path / "fr" / "reviews" / "report" / "index.html").read_text("utf-8")
    published = (built_site / "fr" / "reviews" / "report" / "index.html").read_text("utf-8")

    assert "Ceci est l'aperçu d'une modification proposée" in preview
    assert 'type="submit" disabled' in preview
    assert "data-preview-notice" not in published
    assert 'type="submit" disabled' not in published
