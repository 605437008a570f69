"""
The shared site configuration (mkdocs.yml) as the portal's tools need it: languages and paths.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from babel import Locale

from portal.domain.cases import LANGUAGES


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: `!ENV` and Python tags become None."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    site_name: str
    site_url: str
    languages: dict[str, str]
    nav: list[Any]

    @property
    def source_language(self) -> str:
        return next(iter(self.languages))

    @property
    def translations(self) -> list[str]:
        return [lang for lang in self.languages if lang != self.source_language]

    @property
    def docs_root(self) -> Path:
        return self.root / "docs"

    def docs_dir(self, lang: str) -> Path:
        return self.docs_root / lang

    def language_url(self, lang: str) -> str:
        return f"{self.site_url}{lang}/"


def language_name(code: str) -> str:
    """A language's name in itself, as the language switcher shows it (`Français`)."""
    name = str(Locale.parse(code).get_display_name(code))
    return name[:1].upper() + name[1:]


def load_site_config(config_file: Path) -> SiteConfig:
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)  # noqa: S506
    site_url = str(data["site_url"])
    return SiteConfig(
        root=config_file.resolve().parent,
        site_name=str(data["site_name"]),
        site_url=site_url if site_url.endswith("/") else site_url + "/",
        languages={code: language_name(code) for code in LANGUAGES},
        nav=list(data.get("nav") or []),
    )
