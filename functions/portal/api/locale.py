"""
The language of a request, from its Accept-Language header: errors answer in it.
"""

from portal.domain.cases import LANGUAGES, Language


def request_language(accept_language: str | None) -> Language:
    """The portal language the sender prefers most, English when none matches."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranked.append((-quality, position, tag.strip().lower().split("-")[0]))
    for negative_quality, _, primary in sorted(ranked):
        if negative_quality < 0:
            for language in LANGUAGES:
                if primary == language:
                    return language
    return "en"
