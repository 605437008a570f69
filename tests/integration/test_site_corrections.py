"""
The corrections of issue 12 (points 6 to 13) hold in every language of the built site:
the right of withdrawal, the redress routes, what the sources do not support, the sellers'
terms, the authorities' languages, the review licence, the DSA's own terms and the new pages.
"""

import html
import re
from pathlib import Path

import pytest

from portal.domain.cases import LANGUAGES
from portal.site import formatting
from tests.sitetools import PageParser, article_text, current_pages, page_url, parse

# What each corrected page must say, per language (case-insensitive).
STATED: dict[str, dict[str, tuple[str, ...]]] = {
    # Withdrawal (Art. 9 and 11 Directive 2011/83/EU), the two guarantees, business buyers.
    "orders/returns.md": {
        "en": (
            "unequivocal statement",
            "legal guarantee of conformity",
            "commercial guarantee",
            "you do not have them",
        ),
        "fr": (
            "déclaration dénuée d'ambiguïté",
            "garantie légale de conformité",
            "garantie commerciale",
            "vous n'en bénéficiez pas",
        ),
        "nl": (
            "ondubbelzinnige verklaring",
            "wettelijke conformiteitsgarantie",
            "commerciële garantie",
            "dan hebt u die rechten niet",
        ),
        "de": (
            "eindeutige Erklärung",
            "gesetzliche Gewährleistung",
            "gewerbliche Garantie",
            "haben Sie diese Rechte nicht",
        ),
        "it": (
            "dichiarazione esplicita",
            "garanzia legale di conformità",
            "garanzia commerciale",
            "non ne benefici",
        ),
        "es": (
            "declaración inequívoca",
            "garantía legal de conformidad",
            "garantía comercial",
            "no los tiene",
        ),
    },
    "platform/how-it-works.md": {
        "en": ("legal guarantee of conformity", "commercial guarantee"),
        "fr": ("garantie légale de conformité", "garantie commerciale"),
        "nl": ("wettelijke conformiteitsgarantie", "commerciële garantie"),
        "de": ("gesetzliche Gewährleistung", "gewerbliche Garantie"),
        "it": ("garanzia legale di conformità", "garanzia commerciale"),
        "es": ("garantía legal de conformidad", "garantía comercial"),
    },
    # Art. 21 DSA: open at any stage, fees borne by the platform, not binding.
    "transparency/disputes.md": {
        "en": ("None of these routes is a condition for another", "pays its fees", "not binding"),
        "fr": (
            "Aucune de ces voies n'est une condition",
            "prend en charge ses frais",
            "pas contraignantes",
        ),
        "nl": ("Geen van deze wegen is een voorwaarde", "de kosten van het orgaan", "niet bindend"),
        "de": (
            "Keiner dieser Wege ist Voraussetzung",
            "trägt JUNG S.A.S. ihre Gebühren",
            "nicht bindend",
        ),
        "it": (
            "Nessuna di queste vie è una condizione",
            "ne sostiene le spese",
            "non sono vincolanti",
        ),
        "es": (
            "Ninguna de estas vías es requisito de otra",
            "paga sus tasas",
            "no son vinculantes",
        ),
    },
    # The newer Dutch terms: a seller's products are removed.
    "platform/sellers.md": {
        "en": ("remove a seller's products",),
        "fr": ("les produits d'un vendeur",),
        "nl": ("de producten van een verkoper",),
        "de": ("die Produkte eines Verkäufers",),
        "it": ("rimuovere dal marketplace i prodotti di un venditore",),
        "es": ("los productos de un vendedor",),
    },
    # The licence runs from submission (newer Dutch terms); German stars as the DSA words them.
    "reviews/index.md": {
        "en": ("starting on the day you submit it",),
        "fr": ("à compter du jour où vous le soumettez",),
        "nl": ("met ingang van de dag waarop u de review indient",),
        "de": ("ab dem Tag, an dem Sie die Bewertung einreichen", "1 (schlechteste) bis 5 (beste)"),
        "it": ("a decorrere dal giorno in cui la invii",),
        "es": ("a partir del día en que la envía",),
    },
    "authorities/index.md": {
        "en": ("European Board for Digital Services",),
        "fr": ("Comité européen des services numériques",),
        "nl": ("het centrale contactpunt", "Europese raad voor digitale diensten"),
        "de": ("Europäische Gremium für digitale Dienste",),
        "it": ("punto di contatto unico", "comitato europeo per i servizi digitali"),
        "es": ("punto único de contacto", "Junta Europea de Servicios Digitales"),
    },
    # Art. 12 DSA: no channel relies on automated tools alone; the languages are stated.
    "contact/index.md": {
        "en": ("None of these channels relies on automated tools alone", "English", "French"),
        "fr": (
            "Aucun de ces moyens ne repose uniquement sur des outils automatisés",
            "anglais",
            "français",
        ),
        "nl": (
            "Geen van deze kanalen berust uitsluitend op geautomatiseerde hulpmiddelen",
            "Engels",
            "Frans",
        ),
        "de": (
            "Keiner dieser Kanäle beruht ausschließlich auf automatisierten Werkzeugen",
            "Englisch",
            "Französisch",
        ),
        "it": (
            "Nessuno di questi canali si basa unicamente su strumenti automatizzati",
            "inglese",
            "francese",
        ),
        "es": (
            "Ninguno de estos canales se basa únicamente en herramientas automatizadas",
            "inglés",
            "francés",
        ),
    },
}

# What the corrections removed: statements the sources do not support.
WITHDRAWN: dict[str, dict[str, tuple[str, ...]]] = {
    "platform/how-it-works.md": {
        "en": ("Every product comes with the legal guarantees",),
        "fr": ("Chaque produit bénéficie des garanties légales",),
        "nl": ("Op elk product zijn de wettelijke garanties",),
        "de": ("Für jedes Produkt gelten die gesetzlichen",),
        "it": ("Ogni prodotto beneficia delle garanzie legali",),
        "es": ("Todos los productos tienen las garantías legales",),
    },
    "platform/quality-assurance-fee.md": {
        "en": ("which we award to",),
        "fr": ("que nous attribuons à",),
        "nl": ("dat wij toekennen aan",),
        "de": ("das wir an unsere",),
        "it": ("che assegniamo ai",),
        "es": ("que otorgamos a",),
    },
    "platform/sellers.md": {
        "en": ("de-referenc",),
        "fr": ("déréférenc",),
        "nl": ("verkoper wordt verwijderd",),
        "de": ("auslist",),
        "it": ("esclusione del venditore", "delist"),
        "es": ("desreferenci", "dar de baja al vendedor"),
    },
    "transparency/disputes.md": {
        "en": ("first appeal the decision",),
        "fr": ("commencez par contester",),
        "nl": ("maak dan eerst",),
        "de": ("legen Sie zunächst",),
        "it": ("presenta prima un reclamo",),
        "es": ("empiece por impugnar", "primero una reclamación"),
    },
}


def text_of(site: Path, lang: str, src: str) -> str:
    return article_text(site / lang / page_url(src) / "index.html")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("src", sorted(STATED))
def test_each_correction_is_stated_on_its_page(built_site: Path, lang: str, src: str) -> None:
    page = text_of(built_site, lang, src).lower()

    missing = [phrase for phrase in STATED[src][lang] if phrase.lower() not in page]

    assert missing == [], f"{lang}/{src}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("src", sorted(WITHDRAWN))
def test_no_page_keeps_a_corrected_statement(built_site: Path, lang: str, src: str) -> None:
    page = text_of(built_site, lang, src).lower()

    kept = [phrase for phrase in WITHDRAWN[src][lang] if phrase.lower() in page]

    assert kept == [], f"{lang}/{src}"


def sentences_with(text: str, number: str) -> list[str]:
    return [
        sentence
        for sentence in re.split(r"(?<=[.:;])\s", text)
        if re.search(rf"(?<![\d.,]){number}(?!\d)", sentence)
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_30_days_of_the_withdrawal_guide_only_open_the_online_help(
    built_site: Path, lang: str
) -> None:
    page = text_of(built_site, lang, "orders/returns.md")

    thirty = sentences_with(page, "30")

    assert sentences_with(page, "14"), "no 14-day withdrawal period"
    assert thirty
    assert [s for s in thirty if not re.search(r"online|en ligne|en línea", s, re.I)] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_fee_page_shows_no_per_site_amounts_and_calls_ecovadis_independent(
    built_site: Path, lang: str
) -> None:
    page = text_of(built_site, lang, "platform/quality-assurance-fee.md")
    amounts = [formatting.money(3.99, currency, lang) for currency in ("EUR", "GBP")]

    shown = [amount for amount in amounts if " ".join(amount.split()) in page]
    ecovadis = [s for s in re.split(r"(?<=[.;])\s", page) if "EcoVadis" in s]

    assert shown == []
    assert ecovadis
    assert re.search(
        r"independent|indépendante|onafhankelijke|unabhängiges|indipendente|independiente",
        ecovadis[0],
    )


def article_without_selects(site: Path, lang: str, src: str) -> str:
    """The article's text without the options of drop-down lists (the list of EU languages)."""
    markup = (site / lang / page_url(src) / "index.html").read_text("utf-8")
    parser = PageParser()
    parser.feed(re.sub(r"<select.*?</select>", "", markup, flags=re.S))
    return parser.text


# Art. 11(3) DSA as the sources apply it: English or French; another language is flagged
# for translation, never promised.
AUTHORITY_LANGUAGES = {
    "en": (("English", "French", "is flagged for translation"), ("German", "Dutch")),
    "fr": (("anglais", "français", "est signalé pour traduction"), ("allemand", "néerlandais")),
    "nl": (("Engels", "Frans", "wordt gemarkeerd voor vertaling"), ("Duits", "Nederlands")),
    "de": (
        ("Englisch", "Französisch", "wird zur Übersetzung gekennzeichnet"),
        ("Deutsch", "Niederländisch"),
    ),
    "it": (
        ("inglese", "francese", "viene contrassegnato per la traduzione"),
        ("tedesco", "olandese"),
    ),
    "es": (("inglés", "francés", "se marca para su traducción"), ("alemán", "neerlandés")),
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("src", ["authorities/index.md", "authorities/contact.md"])
def test_authorities_are_offered_english_or_french_only(
    built_site: Path, lang: str, src: str
) -> None:
    page = article_without_selects(built_site, lang, src)
    stated, never = AUTHORITY_LANGUAGES[lang]

    assert [phrase for phrase in stated if phrase not in page] == []
    assert [name for name in never if name in page] == []


FORBIDDEN_TERMS = {
    "fr": r"\brecours\b|\bsignalement",
    "nl": r"\bbezwaar|Europees Comité|Europese Raad voor|centraal contactpunt",
    "de": r"Widerspruch|gereiht|eingestuft",
    # Regolamento (UE) 2022/2065: « segnalazione » (Art. 16), « reclamo » (Art. 20), « motivazione »
    # (Art. 17), « punto di contatto unico », « comitato europeo per i servizi digitali ».
    "it": r"(?i)\bnotific|\bricors[oi]\b|\bappell|comitato europeo dei|punto unico di contatto|dichiarazione dei motivi|segnalatori (?:affidabili|di fiducia)",
    # ES: the official Spanish text says reclamación (Art. 20), notificación (Art. 16).
    "es": r"(?i)\brecursos?\b|\bapelaci|\bdenuncia|Comité Europeo|Consejo Europeo|contacto único",
}


@pytest.mark.parametrize("lang", sorted(FORBIDDEN_TERMS))
def test_pages_use_the_terms_of_the_official_dsa_text(built_site: Path, lang: str) -> None:
    found = {
        str(path.relative_to(built_site)): re.findall(FORBIDDEN_TERMS[lang], article_text(path))
        for path in current_pages(built_site / lang)
    }

    assert {path: terms for path, terms in found.items() if terms} == {}


def _texts(fragments: list[str]) -> list[str]:
    """Tag-free, single-spaced, without the list's closing `;`, lower-cased first letter."""
    texts = [" ".join(html.unescape(re.sub(r"<[^>]+>", "", f)).split()) for f in fragments]
    texts = [text.rstrip(";.").rstrip() for text in texts]
    return [text[:1].lower() + text[1:] for text in texts]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_report_form_lists_the_moderation_criteria_word_for_word(
    built_site: Path, lang: str
) -> None:
    rules = (built_site / lang / "reviews/index.html").read_text("utf-8")
    form = (built_site / lang / "reviews/report/index.html").read_text("utf-8")
    section = rules[rules.index('id="criteria"') :]
    listing = section[section.index("<ol>") : section.index("</ol>")]

    on_rules_page = _texts(re.findall(r"<li>(.*?)</li>", listing, re.S))
    on_form = _texts(
        re.findall(r'<label[^>]*for="notice-grounds-criteria-[^"]+"[^>]*>(.*?)</label>', form, re.S)
    )

    assert len(on_rules_page) == 13
    assert on_form == on_rules_page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_new_pages_link_the_contact_form_the_forms_and_the_terms_the_sources_give(
    built_site: Path, lang: str
) -> None:
    contact = {a.get("href", "") for a in parse(built_site / lang / "contact/index.html").find("a")}
    notice = {
        a.get("href", "") for a in parse(built_site / lang / "legal/notice/index.html").find("a")
    }

    assert {
        "https://www.backmarket.nl/nl-nl/help",
        "../reviews/report/",
        "../reviews/appeal/",
    } <= contact
    assert {
        "https://www.backmarket.co.uk/terms/use",
        "https://www.backmarket.nl/nl-nl/terms/sale",
        "https://www.backmarket.nl/nl-nl/e/backup",
    } <= notice
