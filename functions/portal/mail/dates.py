"""Moments and days as a reader of each language writes them, in Paris time, the operator's."""

from datetime import date, datetime

from babel import Locale
from babel.dates import format_date, format_time, get_timezone_name

from portal.domain.deadlines import OPERATOR_TIME_ZONE
from portal.i18n import babel_locale


def local_datetime(moment: datetime, language: str) -> str:
    """`22 November 2026, 03:59 (Central European Time)`, in the language's own words."""
    locale = Locale.parse(babel_locale(language))
    local = moment.astimezone(OPERATOR_TIME_ZONE)
    pattern = str(locale.datetime_formats["long"])
    moment_text = pattern.format(
        format_time(local, "short", locale=locale), format_date(local, "long", locale=locale)
    )
    zone = get_timezone_name(local, "long", locale=locale)
    return f"{moment_text} ({zone})"


def long_date(day: date, language: str) -> str:
    """`22 November 2026`, `22 novembre 2026`."""
    return format_date(day, "long", locale=Locale.parse(babel_locale(language)))
