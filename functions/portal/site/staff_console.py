"""
The staff console (issue 10 point 3): static pages that `portal build` writes beside the
public site, outside MkDocs, so that they are in no language's navigation, sitemap or
search index, and carry `noindex` of their own.

How it is built: after the languages' MkDocs builds, `write_staff_console` renders
site/staff/index.html (Jinja) once per staff language into <out>/staff/index.html
(English, the source language) and <out>/staff/<lang>/index.html (French), and copies the
app's script and stylesheet to <out>/staff/. The staff language is the page's, chosen with
the console's language links; each case keeps its own language.

The app (site/staff/staff.js, vanilla JavaScript, no third-party request) shows only strings
it gets from the page: every `_("...")` of the script is a gettext msgid, extracted by
`make locales-extract` (locales/babel.cfg) and, at build time, by `script_msgids` here,
translated from the catalogs and written into the page as JSON, with the lists the
decision forms offer (criteria, outcomes, countries, categories, keywords). The Content
Security Policy allows no inline script: the JSON is data (`type="application/json"`).

What the page needs at run time: `/staff/config.json` (Cognito's app client id and the
same-origin path of its JSON API, `/_auth/`) and the staff API under `/api/v1/staff/`.
"""

import shutil
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.messages.extract import extract
from jinja2 import Environment, FileSystemLoader, select_autoescape

from portal.domain.cases import LANGUAGES
from portal.domain.criteria import Criterion
from portal.domain.sor_vocabulary import CATEGORIES, EEA_COUNTRIES, EU_COUNTRIES, KEYWORDS
from portal.error_sentences import N_
from portal.i18n import babel_locale, translations
from portal.site.config import SiteConfig

STAFF_DIR = Path("site") / "staff"
STAFF_LANGUAGES = ("en", "fr")
ASSETS = ("staff.js", "staff.css")

# Short names of the review moderation criteria, in the order of
# docs/<lang>/reviews/index.md#criteria (portal.domain.criteria keeps the same order).
CRITERION_NAMES: dict[Criterion, str] = {
    Criterion.ADVERTISING: N_("Advertising"),
    Criterion.DUPLICATE: N_("Posted several times"),
    Criterion.OFF_TOPIC: N_("Off-topic"),
    Criterion.OTHER_PRODUCT: N_("About another product"),
    Criterion.COMPETITOR: N_("Encourages buying from a competitor"),
    Criterion.OFFENSIVE: N_("Offensive, abusive or defamatory"),
    Criterion.FALSE_OR_BY_SELLER: N_("False, misleading or written by a seller"),
    Criterion.ILLEGAL: N_("Illegal, or links to illegal content"),
    Criterion.THIRD_PARTY_RIGHTS: N_("Infringes the rights of others"),
    Criterion.IDENTITY_THEFT: N_("Identity theft"),
    Criterion.PERSONAL_DATA: N_("Personal data or confidential information"),
    Criterion.HATRED: N_("Incites hatred, discrimination or violence"),
    Criterion.UNLAWFUL: N_("Otherwise unlawful"),
}


def staff_path(lang: str) -> str:
    """The console's address in a staff language: /staff/ for English, /staff/fr/ for French."""
    return "/staff/" if lang == STAFF_LANGUAGES[0] else f"/staff/{lang}/"


@cache
def script_msgids(script: Path) -> tuple[str, ...]:
    """Every `_("...")` msgid of the console's script, as `make locales-extract` finds them."""
    with script.open("rb") as handle:
        found = extract("javascript", handle, keywords={"_": None}, comment_tags=())
        return tuple(dict.fromkeys(str(message) for _, message, _, _ in found))


def page_data(lang: str, script: Path) -> dict[str, Any]:
    """What the script shows, in the staff language: its strings and the forms' lists."""
    gettext = translations(lang).gettext
    locale = Locale.parse(babel_locale(lang))
    return {
        "lang": lang,
        "strings": {msgid: gettext(msgid) for msgid in script_msgids(script)},
        "criteria": [[code.value, gettext(name)] for code, name in CRITERION_NAMES.items()],
        "countries": [[code, str(locale.territories[code])] for code in EEA_COUNTRIES],
        "eu_countries": list(EU_COUNTRIES),
        "languages": [[code, str(locale.languages[code])] for code in LANGUAGES],
        "categories": list(CATEGORIES),
        "keywords": list(KEYWORDS),
    }


def write_staff_console(site: SiteConfig, out_dir: Path) -> None:
    """The console's pages, one per staff language, and its assets, under <out>/staff/."""
    source = site.root / STAFF_DIR
    env = Environment(
        loader=FileSystemLoader(source),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
    )
    target = out_dir / "staff"
    target.mkdir(parents=True, exist_ok=True)
    for asset in ASSETS:
        shutil.copyfile(source / asset, target / asset)
    for lang in STAFF_LANGUAGES:
        catalog = translations(lang)
        env.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]
        links = [
            {"lang": code, "name": site.languages[code], "href": staff_path(code)}
            for code in STAFF_LANGUAGES
        ]
        html = env.get_template("index.html").render(
            lang=lang,
            site_name=catalog.gettext(site.site_name),
            languages=links,
            data=page_data(lang, source / "staff.js"),
        )
        page = out_dir / staff_path(lang).strip("/") / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(html, encoding="utf-8")
