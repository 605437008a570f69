"""
The catalogs (form labels, e-mails, error messages) use the terms of the DSA's official
text in each language, as the pages do (tests/integration/test_site_corrections.py).
"""

import re

import pytest
from babel.messages.pofile import read_po

from portal.i18n import locales_dir

# FR: « réclamation » for the internal complaint-handling system (Art. 20), « notification »
# for a notice (Art. 16). NL: « klacht », « het centrale contactpunt », « Europese raad voor
# digitale diensten ». DE: « Beschwerde » only. ES (Reglamento (UE) 2022/2065): « reclamación »
# (Art. 20), « notificación » (Art. 16), « punto único de contacto », « Junta Europea de
# Servicios Digitales ». IT (Regolamento (UE) 2022/2065): « segnalazione » (Art. 16), « reclamo »
# (Art. 20), « motivazione » (Art. 17), « punto di contatto unico », « comitato europeo per i
# servizi digitali », « segnalatori attendibili ».
FORBIDDEN = {
    "fr": r"\brecours\b|\bsignalement",
    "nl": r"\bbezwaar|Europees Comité|Europese Raad voor|centraal contactpunt",
    "de": r"Widerspruch",
    "es": r"(?i)\brecurso|\bapelaci|\bdenuncia|Comité Europeo|Consejo Europeo|contacto único",
    "it": r"(?i)\bnotific|\bricors[oi]\b|\bappell|comitato europeo dei|punto unico di contatto|dichiarazione dei motivi|segnalatori (?:affidabili|di fiducia)",
}


@pytest.mark.parametrize("lang", sorted(FORBIDDEN))
def test_catalog_strings_use_the_terms_of_the_official_dsa_text(lang: str) -> None:
    with (locales_dir() / lang / "LC_MESSAGES" / "portal.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)

    found = [
        str(message.string)
        for message in catalog
        if message.id and re.search(FORBIDDEN[lang], str(message.string))
    ]

    assert found == []


@pytest.mark.parametrize(
    ("lang", "term"),
    [
        ("fr", "réclamation"),
        ("nl", "klacht"),
        ("de", "Beschwerde"),
        ("es", "reclamación"),
        ("it", "reclamo"),
    ],
)
def test_the_appeal_acknowledgement_names_the_complaint_as_the_dsa_does(
    lang: str, term: str
) -> None:
    from datetime import UTC, datetime

    from portal.domain.mail import Mail, Template
    from portal.mail.render import render

    mail = Mail(
        id="AP-3HX9-Q7LM/appeal_received",
        case_reference="AP-3HX9-Q7LM",
        template=Template.APPEAL_RECEIVED,
        language=lang,
        to_address="reviewer@example.org",
        values={
            "reference": "AP-3HX9-Q7LM",
            "received_at": datetime(2026, 12, 1, tzinfo=UTC).isoformat(),
        },
    )

    rendered = render(mail, "https://legal.backmarket.example/", token=None)

    assert term in rendered.subject
    assert "AP-3HX9-Q7LM" in rendered.subject
