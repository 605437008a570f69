"""
Dates, numbers and money formatted with babel for the page's locale.
"""

from datetime import date
from decimal import Decimal

from babel.dates import format_date, format_skeleton
from babel.numbers import format_compact_decimal, format_currency, format_decimal

from portal.i18n import babel_locale


def long_date(value: date, lang: str) -> str:
    """`1 July 2025`, `1 juillet 2025`, `1 juli 2025`, `1. Juli 2025`."""
    return format_date(value, format="long", locale=babel_locale(lang))


def number(value: int | float | Decimal, lang: str) -> str:
    return format_decimal(value, locale=babel_locale(lang))


def money(amount: int | float | Decimal | str, currency: str, lang: str) -> str:
    return format_currency(Decimal(str(amount)), currency, locale=babel_locale(lang))


def compact(value: int, lang: str) -> str:
    """`45 million`, `45 millions`, `45 miljoen`, `45 Millionen`."""
    return format_compact_decimal(value, format_type="long", locale=babel_locale(lang))


def month(value: date | str, lang: str) -> str:
    """`October 2021`, `octubre de 2021` from a date or a `YYYY-MM` string."""
    when = value if isinstance(value, date) else date.fromisoformat(f"{value}-01")
    # CLDR's month-and-year skeleton, not a fixed pattern: Spanish puts "de" between them.
    return format_skeleton("yMMMM", when, locale=babel_locale(lang))
