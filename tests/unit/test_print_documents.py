"""
Where each version's PDF is published, and the first page its print document gives it:
the company, the effective date and the version in the language of the page.
"""

from datetime import date
from pathlib import Path
from typing import Any

from portal.i18n import translations
from portal.site.print_documents import pdf_file_name, pdf_href, render_print_html

REPO = Path(__file__).resolve().parents[2]


def test_a_pdf_is_named_for_its_page_language_and_date() -> None:
    effective = date(2026, 11, 22)

    assert pdf_file_name("platform/ranking/", "fr", effective) == (
        "platform-ranking-fr-2026-11-22.pdf"
    )
    assert pdf_file_name("", "de", effective) == "index-de-2026-11-22.pdf"


def test_a_pdf_lives_beside_its_versions_page() -> None:
    href = pdf_href("reviews/versions/2026-12-01/", "reviews/", "nl", date(2026, 12, 1))

    assert href == "reviews/versions/2026-12-01/reviews-nl-2026-12-01.pdf"


def document(lang: str, **changes: Any) -> str:
    context: dict[str, Any] = {
        "lang": lang,
        "page_lang": lang,
        "untranslated": None,
        "title": "Vendeurs",
        "company": "Exemple S.A.S.",
        "url": "https://legal.example/fr/platform/sellers/versions/2026-11-22/",
        "effective_date": "2026-11-22",
        "effective_date_text": "22 novembre 2026",
        "until_text": "1 décembre 2026",
        "version": {"number": 3, "state": "current"},
        "content": "<h2>Qui</h2><ul><li>un</li></ul>",
        **changes,
    }
    return " ".join(render_print_html(REPO, translations(lang), context).split())


def test_the_first_page_gives_company_date_and_version_in_the_pages_language() -> None:
    html = document("fr")

    assert '<html lang="fr">' in html
    assert "<title>Vendeurs</title>" in html
    assert '<p class="document-company">Exemple S.A.S.</p>' in html
    assert 'Date d\'entrée en vigueur</span> <time datetime="2026-11-22">' in html
    assert '<span class="document-label">Version</span> 3 (en vigueur)</p>' in html
    assert "https://legal.example/fr/platform/sellers/versions/2026-11-22/" in html
    assert "<h2>Qui</h2><ul><li>un</li></ul>" in html


def test_an_earlier_version_says_when_it_was_in_force() -> None:
    html = document("de", version={"number": 1, "state": "past"})

    assert '<span class="document-label">Fassung</span> 1</p>' in html
    assert "Diese Fassung galt vom 22 novembre 2026 bis zum 1 décembre 2026." in html


def test_an_untranslated_version_says_so_in_the_pages_language() -> None:
    html = document("en", page_lang="nl", untranslated="Deze pagina is nog niet vertaald.")

    assert '<html lang="en">' in html
    assert '<p lang="nl">Deze pagina is nog niet vertaald.</p>' in html
    assert "Effective date" in html
