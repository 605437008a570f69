"""
Time limits: the appeal window, calendar arithmetic in whole months, and the operator's
calendar day, on which the limits are counted.
"""

import calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo

# The operator's time zone (Paris): its days are the ones the portal counts and shows.
OPERATOR_TIME_ZONE = ZoneInfo("Europe/Paris")

# Art. 20(1) DSA: complaints are possible for at least six months, counted from the day
# the person is informed of the decision (Art. 20(2)).
APPEAL_WINDOW_MONTHS = 6


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Aug + 6 = 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def appeal_window_closes(informed_on: date) -> date:
    """The last day on which an appeal against a decision is accepted."""
    return add_months(informed_on, APPEAL_WINDOW_MONTHS)


def operator_date(moment: datetime) -> date:
    """The operator's calendar day at an aware moment."""
    return moment.astimezone(OPERATOR_TIME_ZONE).date()


def is_within_appeal_window(informed_on: date, today: date) -> bool:
    return informed_on <= today <= appeal_window_closes(informed_on)
