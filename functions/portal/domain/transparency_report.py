"""
The transparency report's figures (Art. 15 and 24(1) DSA): what the engine counts in the
cases (`Tally` rows, adapters/report_sql.py), the reporting period, and the row a notice is
counted in. domain/report_sheets.py lays them out with staff's records and answers.

The number rules of Annex II s.4: a row that cannot apply is left blank (None); a row that
applies and counted nothing shows 0; shares are floats from 0 to 1; times are hours. A
median of nothing is blank: no time was measured, and 0 hours would say otherwise. Sub-rows
add up to their row because every figure is counted once, at its keyword, and the engine
adds the keywords up into their category and the categories into TOTAL.
"""

from dataclasses import dataclass
from datetime import date, datetime

from portal.domain.criteria import Criterion
from portal.domain.sor_vocabulary import CRITERION_DEFAULTS, Category

# What the engine counts (adapters/report_sql.py); each figure is (number, median hours).
ORDER_ACT = "order_act"  # one per order to act; hours: receipt confirmed
ORDER_ACT_ITEMS = "order_act_items"  # the items an order to act lists
ORDER_ACT_EFFECT = "order_act_effect"  # hours: effect given
ORDER_INFO = "order_info"  # one per information order; hours: receipt confirmed
ORDER_INFO_EFFECT = "order_info_effect"
NOTICE = "notice"  # one per notice; hours: received to decided, when it acted
NOTICE_ITEMS = "notice_items"  # the reviews a notice names
ACTIONS_LAW = "actions_law"  # reviews restricted as illegal content
ACTIONS_TERMS = "actions_terms"  # reviews restricted under the review rules
MEASURES_AUTOMATED = "measures_automated"  # reviews restricted by a fully automated decision
MEASURES_MANUAL = "measures_manual"
NOTICES_AUTOMATED = "notices_automated"  # decided notices whose every review was automated
NOTICES_MANUAL = "notices_manual"
COMPLAINT = "complaint"  # category: the subject; keyword: the outcome; hours: to decision
RESTRICTION_AFTER_COMPLAINT = "restriction_after_complaint"

TOTAL = "TOTAL"
OUTCOME_SCOPES: dict[str, str] = {
    "upheld": "Decisions upheld",
    "partially_reversed": "Decisions partially reversed",
    "reversed": "Decisions reversed",
}


@dataclass(frozen=True)
class Tally:
    """
    One figure the engine counted: `number` (a sum) and the median hours of the times
    measured (None: none). `category` is a category, or TOTAL; `keyword` one of its
    keywords, or "" for the category itself; `scope` TOTAL or a Member State.
    """

    measure: str
    category: str
    keyword: str
    scope: str
    number: int
    median_hours: float | None


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def text(self) -> str:
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def holds(self, moment: date | datetime) -> bool:
        day = moment.date() if isinstance(moment, datetime) else moment
        return self.start <= day <= self.end


# --- where a notice is counted ----------------------------------------------------------


def notice_row(criterion: Criterion | None) -> tuple[Category, str]:
    """
    A notice's row follows the notifier's explanation (Annex II): the default category of
    its first criterion and that category's first keyword (KEYWORD_OTHER when the criterion
    names none), each notice once. An illegal-content notice names a law, not a category,
    and category 15 (terms and conditions only) has no row among notices: both count under
    category 17, whose type the notifier did not specify.
    """
    if criterion is None:
        return "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE", ""
    default = CRITERION_DEFAULTS[criterion]
    if default.category in {
        "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE",
        "STATEMENT_CATEGORY_OTHER_VIOLATION_TC",
    }:
        return "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE", ""
    return default.category, (default.keywords or ("KEYWORD_OTHER",))[0]
