"""The forms' browser matrix: every form in English, every language met, the rest `full`."""

from tests.browser.matrix import each_form_once, forms_by_language

FORMS = ["notice", "appeal", "authority_message"]


def quick(languages: list[str]) -> set[tuple[str, str]]:
    return {
        (str(p.values[0]), str(p.values[1]))
        for p in forms_by_language(FORMS, languages)
        if not p.marks
    }


def test_english_runs_every_form_and_each_other_language_one_form_in_turn() -> None:
    assert quick(["en", "fr", "nl", "de"]) == {
        ("notice", "en"),
        ("appeal", "en"),
        ("authority_message", "en"),
        ("notice", "fr"),
        ("appeal", "nl"),
        ("authority_message", "de"),
    }


def test_every_pair_is_kept_for_the_full_sweep() -> None:
    params = forms_by_language(FORMS, ["en", "fr", "nl", "de", "es", "it"])
    assert len(params) == 18
    assert {mark.name for p in params for mark in p.marks} == {"full"}
    assert {lang for _, lang in quick(["en", "fr", "nl", "de", "es", "it"])} == {
        "en", "fr", "nl", "de", "es", "it"
    }  # fmt: skip


def test_tests_against_the_whole_portal_run_each_form_once_in_turn() -> None:
    params = each_form_once(FORMS, ["en", "fr", "nl", "de"])
    quick = {(str(p.values[0]), str(p.values[1])) for p in params if not p.marks}

    assert quick == {("notice", "en"), ("appeal", "fr"), ("authority_message", "nl")}
    assert len(params) == 12
    assert {mark.name for p in params for mark in p.marks} == {"full"}
