"""
The corrections of issue 12 (points 6 to 13) hold in every language of the built site:
the right of withdrawal, the redress routes, what the sources do not support, the sellers'
terms, the authorities' languages, the review licence, the DSA's own terms and the new pages.
"""

import html
import re
from pathlib import Path

import pytest

from portal.site import formatting
from tests.sitetools import PageParser, page_url, parse

LANGUAGES = ["en", "fr", "nl", "de"]


def text_of(site: Path, lang: str, src: str) -> str:
    return parse(site / lang / page_url(src) / "index.html").text


def article_without_selects(site: Path, lang: str, src: str) -> str:
    """The article's text without the options of drop-down lists (the list of EU languages)."""
    markup = (site / lang / page_url(src) / "index.html").read_text("utf-8")
    parser = PageParser()
    parser.feed(re.sub(r"<select.*?</select>", "", markup, flags=re.S))
    return parser.text


def sentences_with(text: str, number: str) -> list[str]:
    return [
        s for s in re.split(r"(?<=[.:;])\s", text) if re.search(rf"(?<![\d.,]){number}(?!\d)", s)
    ]


UNEQUIVOCAL = {
    "en": "unequivocal statement",
    "fr": "déclaration dénuée d'ambiguïté",
    "nl": "ondubbelzinnige verklaring",
    "de": "eindeutige Erklärung",
}
CONFORMITY = {
    "en": ("legal guarantee of conformity", "commercial guarantee"),
    "fr": ("garantie légale de conformité", "garantie commerciale"),
    "nl": ("wettelijke conformiteitsgarantie", "commerciële garantie"),
    "de": ("gesetzliche Gewährleistung", "gewerbliche Garantie"),
}
BUSINESS_BUYERS_LACK = {
    "en": "you do not have them",
    "fr": "vous n'en bénéficiez pas",
    "nl": "dan hebt u die rechten niet",
    "de": "haben Sie diese Rechte nicht",
}
ONLINE = {"en": "online", "fr": "en ligne", "nl": "online", "de": "online"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_withdrawal_page_states_the_legal_right_and_keeps_30_days_for_the_online_flow(
    built_site: Path, lang: str
) -> None:
    page = text_of(built_site, lang, "orders/returns.md")

    assert sentences_with(page, "14"), "no 14-day withdrawal period"
    assert UNEQUIVOCAL[lang].lower() in page.lower()
    assert all(term.lower() in page.lower() for term in CONFORMITY[lang])
    assert BUSINESS_BUYERS_LACK[lang].lower() in page.lower()
    thirty = sentences_with(page, "30")
    assert thirty and all(ONLINE[lang] in s.lower() for s in thirty), thirty


UNTRUE_GUARANTEE = {
    "en": "Every product comes with the legal guarantees",
    "fr": "Chaque produit bénéficie des garanties légales",
    "nl": "Op elk product zijn de wettelijke garanties",
    "de": "Für jedes Produkt gelten die gesetzlichen",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_guarantees_are_named_apart_and_not_promised_to_business_buyers(
    built_site: Path, lang: str
) -> None:
    page = text_of(built_site, lang, "platform/how-it-works.md")

    assert UNTRUE_GUARANTEE[lang].lower() not in page.lower()
    assert all(term.lower() in page.lower() for term in CONFORMITY[lang])


REDRESS = {
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
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_redress_routes_are_open_at_any_stage_and_the_body_is_not_binding(
    built_site: Path, lang: str
) -> None:
    page = text_of(built_site, lang, "transparency/disputes.md")

    missing = [phrase for phrase in REDRESS[lang] if phrase.lower() not in page.lower()]

    assert missing == []


INDEPENDENT = {
    "en": "independent",
    "fr": "indépendante",
    "nl": "onafhankelijke",
    "de": "unabhängiges",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_fee_page_shows_no_per_site_amounts_and_does_not_award_ecovadis(
    built_site: Path, lang: str
) -> None:
    page = text_of(built_site, lang, "platform/quality-assurance-fee.md")
    amounts = [formatting.money(3.99, currency, lang) for currency in ("EUR", "GBP")]

    assert [a for a in amounts if " ".join(a.split()) in page] == []
    ecovadis = [s for s in re.split(r"(?<=[.;])\s", page) if "EcoVadis" in s]
    assert ecovadis and INDEPENDENT[lang] in ecovadis[0]


SELLERS_PRODUCTS = {
    "en": "remove a seller's products",
    "fr": "les produits d'un vendeur",
    "nl": "de producten van een verkoper",
    "de": "die Produkte eines Verkäufers",
}
DEREFERENCING = {
    "en": "de-referenc",
    "fr": "déréférenc",
    "nl": "verkoper wordt verwijderd",
    "de": "auslist",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_sellers_page_speaks_of_removing_a_sellers_products(
    built_site: Path, lang: str
) -> None:
    page = text_of(built_site, lang, "platform/sellers.md")

    assert SELLERS_PRODUCTS[lang].lower() in page.lower()
    assert DEREFERENCING[lang].lower() not in page.lower()


OTHER_LANGUAGES = {
    "en": ("German", "Dutch"),
    "fr": ("allemand", "néerlandais"),
    "nl": ("Duits", "Nederlands"),
    "de": ("Deutsch", "Niederländisch"),
}
ENGLISH_OR_FRENCH = {
    "en": ("English", "French"),
    "fr": ("anglais", "français"),
    "nl": ("Engels", "Frans"),
    "de": ("Englisch", "Französisch"),
}

# Another language is flagged for translation, never promised (Art. 11(3) DSA).
FLAGGED_FOR_TRANSLATION = {
    "en": "is flagged for translation",
    "fr": "est signalé pour traduction",
    "nl": "wordt gemarkeerd voor vertaling",
    "de": "wird zur Übersetzung gekennzeichnet",
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("src", ["authorities/index.md", "authorities/contact.md"])
def test_authorities_are_offered_english_or_french_only(
    built_site: Path, lang: str, src: str
) -> None:
    page = article_without_selects(built_site, lang, src)

    assert all(name in page for name in ENGLISH_OR_FRENCH[lang])
    assert [name for name in OTHER_LANGUAGES[lang] if name in page] == []
    assert FLAGGED_FOR_TRANSLATION[lang] in page


LICENCE_FROM_SUBMISSION = {
    "en": "starting on the day you submit it",
    "fr": "à compter du jour où vous le soumettez",
    "nl": "met ingang van de dag waarop u de review indient",
    "de": "ab dem Tag, an dem Sie die Bewertung einreichen",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_review_licence_runs_from_submission(built_site: Path, lang: str) -> None:
    page = text_of(built_site, lang, "reviews/index.md")

    assert LICENCE_FROM_SUBMISSION[lang] in page


FORBIDDEN_TERMS = {
    "fr": r"\brecours\b|\bsignalement",
    "nl": r"\bbezwaar|Europees Comité|Europese Raad voor|centraal contactpunt",
    "de": r"Widerspruch|gereiht|eingestuft",
}


@pytest.mark.parametrize("lang", sorted(FORBIDDEN_TERMS))
def test_pages_use_the_terms_of_the_official_dsa_text(built_site: Path, lang: str) -> None:
    found = {
        str(path.relative_to(built_site)): re.findall(FORBIDDEN_TERMS[lang], parse(path).text)
        for path in (built_site / lang).rglob("index.html")
    }

    assert {path: terms for path, terms in found.items() if terms} == {}


def test_dutch_and_german_pages_name_the_contact_point_board_and_stars_as_the_dsa_does(
    built_site: Path,
) -> None:
    dutch = text_of(built_site, "nl", "authorities/index.md")
    german_reviews = text_of(built_site, "de", "reviews/index.md")

    assert "het centrale contactpunt" in dutch
    assert "Europese raad voor digitale diensten" in dutch
    assert "1 (schlechteste) bis 5 (beste)" in german_reviews


def _criteria_items(markup: str) -> list[str]:
    section = markup[markup.index('id="criteria"') :]
    listing = section[section.index("<ol>") : section.index("</ol>")]
    return [
        html.unescape(re.sub(r"<[^>]+>", "", item))
        for item in re.findall(r"<li>(.*?)</li>", listing, re.S)
    ]


def _form_criteria(markup: str) -> list[str]:
    labels = re.findall(
        r'<label[^>]*for="notice-grounds-criteria-[^"]+"[^>]*>(.*?)</label>', markup, re.S
    )
    return [html.unescape(re.sub(r"<[^>]+>", "", label)) for label in labels]


def _words(text: str) -> str:
    text = " ".join(text.split()).rstrip(";.").rstrip()
    return text[:1].lower() + text[1:]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_report_form_lists_the_moderation_criteria_word_for_word(
    built_site: Path, lang: str
) -> None:
    rules = (built_site / lang / "reviews/index.html").read_text("utf-8")
    form = (built_site / lang / "reviews/report/index.html").read_text("utf-8")

    on_rules_page = [_words(item) for item in _criteria_items(rules)]
    on_form = [_words(label) for label in _form_criteria(form)]

    assert len(on_rules_page) == 13
    assert on_form == on_rules_page


HUMAN_CONTACT = {
    "en": "None of these channels relies on automated tools alone",
    "fr": "Aucun de ces moyens ne repose uniquement sur des outils automatisés",
    "nl": "Geen van deze kanalen berust uitsluitend op geautomatiseerde hulpmiddelen",
    "de": "Keiner dieser Kanäle beruht ausschließlich auf automatisierten Werkzeugen",
}
CUSTOMER_HELP = "https://www.backmarket.nl/nl-nl/help"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_users_contact_point_links_the_contact_form_and_reaches_people(
    built_site: Path, lang: str
) -> None:
    page = parse(built_site / lang / "contact/index.html")
    hrefs = {a.get("href", "") for a in page.find("a")}

    assert CUSTOMER_HELP in hrefs
    assert {"../reviews/report/", "../reviews/appeal/"} <= hrefs
    assert HUMAN_CONTACT[lang] in page.text
    assert all(name in page.text for name in ENGLISH_OR_FRENCH[lang])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_legal_notice_links_the_terms_the_sources_give(built_site: Path, lang: str) -> None:
    notice = parse(built_site / lang / "legal/notice/index.html")

    assert {
        "https://www.backmarket.co.uk/terms/use",
        "https://www.backmarket.nl/nl-nl/terms/sale",
        "https://www.backmarket.nl/nl-nl/e/backup",
    } <= {a.get("href", "") for a in notice.find("a")}
