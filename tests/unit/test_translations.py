"""
The translations report: missing, outdated, orphan and out-of-step pages, and --strict.
"""

from pathlib import Path

import pytest

from portal.cli import main
from portal.domain.cases import LANGUAGES
from portal.site.config import load_site_config
from portal.site.translations import check_translations, render_report

CONFIG = """\
site_name: Test
site_url: https://example.test/
theme:
  name: material
  language: !ENV [PORTAL_LANG, en]
"""


def page(date: str, body: str = "## Intro { #intro }\n\nSee [terms](terms.md#scope).\n") -> str:
    return f"---\ntitle: T\neffective_date: {date}\n---\n\n{body}"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    for lang in LANGUAGES:
        (tmp_path / "docs" / lang).mkdir(parents=True)
        (tmp_path / "docs" / lang / "index.md").write_text(page("2026-01-01"), encoding="utf-8")
    return tmp_path


def write(project: Path, path: str, text: str) -> None:
    target = project / "docs" / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def test_a_translation_with_the_source_date_is_complete(project: Path) -> None:
    [report] = check_translations(load_site_config(project / "mkdocs.yml"), ["fr"])

    assert report.is_complete
    assert report.total == 1


def test_a_page_only_in_english_is_missing(project: Path) -> None:
    write(project, "en/legal/terms.md", page("2026-01-01"))

    [report] = check_translations(load_site_config(project / "mkdocs.yml"), ["fr"])

    assert report.missing == ["legal/terms.md"]
    assert not report.is_complete


def test_a_translation_of_an_older_english_version_is_outdated(project: Path) -> None:
    write(project, "en/index.md", page("2026-03-15"))

    [report] = check_translations(load_site_config(project / "mkdocs.yml"), ["fr"])

    assert [(o.path, o.source_version, o.translation_version) for o in report.outdated] == [
        ("index.md", "2026-03-15", "2026-01-01")
    ]


def test_a_typo_fix_in_english_without_a_new_date_flags_nothing(project: Path) -> None:
    write(
        project,
        "en/index.md",
        page("2026-01-01", "## Intro { #intro }\n\nSee [terms](terms.md#scope), fixed.\n"),
    )

    [report] = check_translations(load_site_config(project / "mkdocs.yml"), ["fr"])

    assert report.is_complete


def test_a_translation_without_an_english_page_is_an_orphan(project: Path) -> None:
    write(project, "fr/old.md", page("2026-01-01"))

    [report] = check_translations(load_site_config(project / "mkdocs.yml"), ["fr"])

    assert report.orphans == ["old.md"]


def test_a_translation_that_renames_an_anchor_or_drops_a_link_is_out_of_step(
    project: Path,
) -> None:
    write(project, "fr/index.md", page("2026-01-01", "## Intro { #introduction }\n\nVoir.\n"))

    [report] = check_translations(load_site_config(project / "mkdocs.yml"), ["fr"])

    [mismatch] = report.structure
    assert mismatch.missing == ("#intro", "terms.md#scope")
    assert mismatch.unexpected == ("#introduction",)
    assert "lacks #intro, terms.md#scope; adds #introduction" in render_report([report])


def test_the_report_lists_each_problem_under_its_language(project: Path) -> None:
    write(project, "en/legal/terms.md", page("2026-01-01"))
    write(project, "en/index.md", page("2026-03-15"))

    text = render_report(check_translations(load_site_config(project / "mkdocs.yml"), ["fr"]))

    assert text.splitlines() == [
        "fr: 0/2 pages up to date (needs work)",
        "  missing   legal/terms.md",
        "  outdated  index.md (translates 2026-01-01, English is 2026-03-15)",
    ]


def test_strict_mode_fails_only_when_a_translation_needs_work(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(project / "mkdocs.yml")
    assert main(["--config", config, "translations", "--lang", "fr", "--strict"]) == 0

    write(project, "en/legal/terms.md", page("2026-01-01"))

    assert main(["--config", config, "translations", "--lang", "fr"]) == 0
    assert main(["--config", config, "translations", "--lang", "fr", "--strict"]) == 1
    assert "translations incomplete: fr" in capsys.readouterr().err
