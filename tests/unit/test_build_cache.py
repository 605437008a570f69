"""The build cache: what a language build would redo, kept by content."""

from pathlib import Path

import pytest

from portal.site.build_cache import cache_dir, cached_text, template_cache


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PORTAL_BUILD_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_same_inputs_are_made_once_and_other_inputs_again(cache: Path) -> None:
    made: list[str] = []

    def make(text: str) -> str:
        made.append(text)
        return text.upper()

    assert cached_text("kind", ["a", "rules"], lambda: make("a")) == "A"
    assert cached_text("kind", ["a", "rules"], lambda: make("again")) == "A"
    assert cached_text("kind", ["a", "other rules"], lambda: make("b")) == "B"
    assert cached_text("other", ["a", "rules"], lambda: make("c")) == "C"
    assert made == ["a", "b", "c"]
    assert len(list((cache / "kind").iterdir())) == 2  # no temporary file is left


def test_inputs_are_not_confused_by_where_they_are_split() -> None:
    assert cached_text("kind", ["ab", "c"], lambda: "first") == "first"
    assert cached_text("kind", ["a", "bc"], lambda: "second") == "second"


def test_the_folder_defaults_to_the_user_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PORTAL_BUILD_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert cache_dir() == Path("/somewhere/portal-site")


def test_compiled_templates_go_to_the_cache_folder(cache: Path) -> None:
    from jinja2 import DictLoader, Environment

    env = Environment(loader=DictLoader({"page.html": "{{ 1 + 1 }}"}), autoescape=True)
    env.bytecode_cache = template_cache()
    assert env.get_template("page.html").render() == "2"
    assert list((cache / "jinja").iterdir())
