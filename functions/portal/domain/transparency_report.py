"""
The transparency report (Art. 15 and 24(1) DSA) in the harmonised templates: what the
engine counted in the cases (`Tally` rows), what staff entered (out-of-court disputes,
Art. 23 suspensions, own-initiative measures) and what legal staff wrote (qualitative
answers), laid out as the sheets of domain/report_template.py.

The number rules of Annex II s.4: a row that cannot apply is left blank (None); a row that
applies and counted nothing shows 0; shares are floats from 0 to 1; times are hours. A
median of nothing is blank: no time was measured, and 0 hours would say otherwise. Sub-rows
add up to their row because every figure is counted once, at its keyword, and the engine
adds the keywords up into their category and the categories into TOTAL.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from statistics import median
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from portal.domain import report_template as layout
from portal.domain.criteria import Criterion
from portal.domain.sor_vocabulary import CRITERION_DEFAULTS, Category

Cell = str | int | float | None

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
# A complaint's outcome as the template says it: about the contested decision.
Outcome = Literal["upheld", "partially_reversed", "reversed", "omitted", "pending"]
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


# --- what staff enter -------------------------------------------------------------------


class Dispute(BaseModel):
    """An out-of-court dispute (Art. 21, 24(1)(a) DSA), as a settlement body told us."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    submitted_at: datetime
    body: str = Field(min_length=1)
    outcome: Outcome
    decided_at: datetime | None = None
    # For a (partially) reversed decision: did we implement the body's decision?
    implemented: bool | None = None


class Suspension(BaseModel):
    """An Art. 23 suspension, on the day it was enacted."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    on: date
    reason: Literal[
        "manifestly_illegal_content",
        "manifestly_unfounded_notices",
        "manifestly_unfounded_complaints",
    ]


Restriction = Literal[
    "visibility_removal",
    "visibility_disable",
    "visibility_demoted",
    "visibility_age_restricted",
    "visibility_interaction_restricted",
    "visibility_labelled",
    "visibility_other",
    "monetary_suspension",
    "monetary_termination",
    "monetary_other",
    "provision_suspension",
    "provision_termination",
    "account_suspension",
    "account_termination",
]
RESTRICTION_COLUMNS: tuple[str, ...] = Restriction.__args__  # type: ignore[attr-defined]


class OwnInitiativeMeasures(BaseModel):
    """Measures the marketplace took on its own initiative (its back office counts them)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    on: date
    ground: Literal["illegal_content", "terms_and_conditions"]
    category: Category
    keyword: str = ""
    restriction: Restriction
    count: int = Field(ge=0)
    automated_detection: bool = False
    automated_decision: bool = False


class Accuracy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    scope: Literal["Total number", "Own-initiative ", "NAM Total", "NAM Trusted Flagger"]
    accuracy: float = Field(ge=0, le=1)
    precision: float = Field(ge=0, le=1)
    recall: float = Field(ge=0, le=1)


class StaffRecords(BaseModel):
    """reports/transparency/records.yml: what the cases table does not hold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    disputes: list[Dispute]
    suspensions: list[Suspension]
    own_initiative: list[OwnInitiativeMeasures]
    accuracy: list[Accuracy] = []


class Qualitative(BaseModel):
    """reports/transparency/qualitative.yml: legal staff's answers, in English."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    provider: str = Field(min_length=1)
    service: str = Field(min_length=1)
    previous_publication: date | None = None
    answers: dict[str, str]
    # KEYWORD_OTHER's description, per category (Annex II: each specific, not a catch-all).
    other_descriptions: dict[Category, str] = {}


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[str, ...]
    rows: list[list[Cell]]


class Figures:
    """The engine's tallies, looked up by measure and row; a figure not counted is 0."""

    def __init__(self, tallies: Iterable[Tally]) -> None:
        self._by_key = {(t.measure, t.category, t.keyword, t.scope): t for t in tallies}

    def number(
        self, measure: str, category: str = TOTAL, keyword: str = "", scope: str = TOTAL
    ) -> int:
        found = self._by_key.get((measure, category, keyword, scope))
        return found.number if found else 0

    def median(
        self, measure: str, category: str = TOTAL, keyword: str = "", scope: str = TOTAL
    ) -> float | None:
        found = self._by_key.get((measure, category, keyword, scope))
        return _hours(found.median_hours) if found else None


def _hours(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _row_key(key: str, parent: str) -> tuple[str, str]:
    """(category, keyword) of a template row: a category's own row has keyword ""."""
    return (key, "") if key == parent else (parent, key)


def _other(qualitative: Qualitative, key: str, parent: str) -> str | None:
    if key != "KEYWORD_OTHER":
        return None
    return qualitative.other_descriptions.get(parent)  # type: ignore[call-overload, no-any-return]


# --- the sheets -------------------------------------------------------------------------


def identification(qualitative: Qualitative, period: Period, published: date | None) -> Sheet:
    values = [
        qualitative.provider,
        published.isoformat() if published else None,
        qualitative.previous_publication.isoformat() if qualitative.previous_publication else None,
        period.start.isoformat(),
        period.end.isoformat(),
    ]
    rows: list[list[Cell]] = [
        [layout.ALL, qualitative.service, indicator, value]
        for indicator, value in zip(layout.IDENTIFICATION, values, strict=True)
    ]
    return Sheet(
        "1_report_identification", ("Applicability", "Service", "Indicator", "Value"), rows
    )


def categories_names(qualitative: Qualitative) -> Sheet:
    rows: list[list[Cell]] = [["TOTAL", "All the entries", "TOTAL", None]]
    for category in layout.CATEGORY_TREE:
        rows.append([category.label, category.description, category.key, None])
        for label, key, description in category.keywords:
            rows.append([label, description, key, _other(qualitative, key, category.key)])
    columns = (
        "Category label",
        "Category description",
        "Category of illegal content / incompatible with the terms and conditions",
        "Contextual information",
    )
    return Sheet("2_categories_names", columns, rows)


def _category_rows(numbers: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(row key, category, keyword) of TOTAL and the categories `numbers` with keywords."""
    return [(TOTAL, TOTAL, "")] + [
        (key, *_row_key(key, parent)) for key, parent in layout.category_keys(numbers)
    ]


def orders(figures: Figures, qualitative: Qualitative, period: Period) -> Sheet:
    rows: list[list[Cell]] = []
    for scope in layout.SCOPES:
        for key, category, keyword in _category_rows(layout.ORDER_CATEGORIES):
            at = {"category": category, "keyword": keyword, "scope": scope}
            values: list[Cell] = [
                figures.number(ORDER_ACT, **at),
                figures.number(ORDER_ACT_ITEMS, **at),
                figures.median(ORDER_ACT, **at),
                figures.median(ORDER_ACT_EFFECT, **at),
                figures.number(ORDER_INFO, **at),
                figures.median(ORDER_INFO, **at),
                figures.median(ORDER_INFO_EFFECT, **at),
            ]
            rows.append(
                [
                    layout.ALL,
                    qualitative.service,
                    period.text,
                    key,
                    _other(qualitative, key, category),
                    scope,
                ]
                + values
                + [None] * len(layout.ORDER_COLUMNS)
            )
    columns = (
        *layout.PERIOD_COLUMNS,
        "Category of illegal content",
        layout.OTHER_DESCRIPTION,
        "Scope",
        *layout.ORDER_COLUMNS,
        *layout.contextual(layout.ORDER_COLUMNS),
    )
    return Sheet("3_member_states_orders", columns, rows)


def notices(figures: Figures, qualitative: Qualitative, period: Period) -> Sheet:
    rows: list[list[Cell]] = []
    for key, category, keyword in _category_rows(layout.NOTICE_CATEGORIES):
        at = {"category": category, "keyword": keyword}
        # The portal has no trusted flaggers yet (Art. 22): their columns apply and count 0.
        values: list[Cell] = [
            figures.number(NOTICE, **at),
            0,
            figures.number(NOTICE_ITEMS, **at),
            0,
            figures.median(NOTICE, **at),
            None,
            figures.number(ACTIONS_LAW, **at),
            0,
            figures.number(ACTIONS_TERMS, **at),
            0,
        ]
        rows.append(
            [
                layout.HOSTING,
                qualitative.service,
                period.text,
                key,
                _other(qualitative, key, category),
            ]
            + values
            + [None] * len(layout.NOTICE_COLUMNS)
        )
    columns = (
        *layout.PERIOD_COLUMNS,
        "Category of illegal content",
        layout.OTHER_DESCRIPTION,
        *layout.NOTICE_COLUMNS,
        *layout.contextual(layout.NOTICE_COLUMNS),
    )
    return Sheet("4_notices", columns, rows)


def _own_initiative_counts(
    measures: Sequence[OwnInitiativeMeasures], category: str, keyword: str
) -> list[int]:
    chosen = [
        m
        for m in measures
        if category == TOTAL
        or (m.category == category and (keyword == "" or (m.keyword or "KEYWORD_OTHER") == keyword))
    ]
    return [
        sum(m.count for m in chosen),
        sum(m.count for m in chosen if m.automated_detection),
        *(sum(m.count for m in chosen if m.restriction == r) for r in RESTRICTION_COLUMNS),
    ]


def own_initiative(
    records: StaffRecords, qualitative: Qualitative, period: Period, ground: str
) -> Sheet:
    measures = [m for m in records.own_initiative if m.ground == ground and period.holds(m.on)]
    illegal = ground == "illegal_content"
    numbers = layout.ILLEGAL if illegal else layout.TERMS_CATEGORIES
    rows: list[list[Cell]] = []
    for key, category, keyword in _category_rows(numbers):
        counts: list[Cell] = list(_own_initiative_counts(measures, category, keyword))
        rows.append(
            [layout.ALL, qualitative.service, period.text, key, _other(qualitative, key, category)]
            + counts
            + [None] * len(layout.OWN_INITIATIVE_COLUMNS)
        )
    first = (
        "Category of illegal content"
        if illegal
        else "Category of incompatibility with the provider's terms and conditions"
    )
    columns = (
        *layout.PERIOD_COLUMNS,
        first,
        layout.OTHER_DESCRIPTION,
        *layout.OWN_INITIATIVE_COLUMNS,
        *layout.contextual(layout.OWN_INITIATIVE_COLUMNS, "Contextual Information on "),
    )
    name = "5_own_initiative_illegal" if illegal else "6_own_initiative_TC"
    return Sheet(name, columns, rows)


def _complaint_rows(
    figures: Figures, subject: str, indicator: str
) -> list[tuple[str, str, str, str, Cell]]:
    section = "Internal complaints mechanism"
    first = layout.ALL if subject == TOTAL else layout.PLATFORMS
    values: list[tuple[str, str, Cell]] = [
        (first, "Total number", figures.number(COMPLAINT, subject))
    ]
    for outcome, scope in OUTCOME_SCOPES.items():
        values.append((layout.PLATFORMS, scope, figures.number(COMPLAINT, subject, outcome)))
    values.append((layout.PLATFORMS, "Median time", figures.median(COMPLAINT, subject)))
    if subject == TOTAL:
        # The portal has no way to withdraw a complaint: none is left without a decision.
        omitted = figures.number(COMPLAINT, subject, "omitted")
        values.append((layout.PLATFORMS, "Decision omitted", omitted))
    return [(applies, section, indicator, scope, value) for applies, scope, value in values]


def _dispute_hours(disputes: Sequence[Dispute]) -> float | None:
    hours = [
        (d.decided_at - d.submitted_at).total_seconds() / 3600
        for d in disputes
        if d.decided_at is not None and d.outcome != "omitted"
    ]
    return _hours(median(hours)) if hours else None


def implemented_share(disputes: Sequence[Dispute]) -> float | None:
    """Share of the (partially) reversed decisions we implemented; None when none was."""
    reversed_ = [d for d in disputes if d.outcome in {"reversed", "partially_reversed"}]
    if not reversed_:
        return None
    return round(sum(1 for d in reversed_ if d.implemented) / len(reversed_), 4)


def appeals_and_recidivism(
    figures: Figures, records: StaffRecords, qualitative: Qualitative, period: Period
) -> Sheet:
    indicators: list[tuple[str, str, str, str, Cell]] = []
    indicators += _complaint_rows(figures, TOTAL, layout.COMPLAINTS)
    indicators.append(
        (
            layout.PLATFORMS,
            "Internal complaints mechanism",
            layout.RESTRICTIONS_AFTER_COMPLAINT,
            "Total number",
            figures.number(RESTRICTION_AFTER_COMPLAINT),
        )
    )
    for subject, indicator in layout.COMPLAINT_SUBJECTS.items():
        indicators += _complaint_rows(figures, subject, indicator)
    disputes = [d for d in records.disputes if period.holds(d.submitted_at)]
    section = "Out-of-court dispute settlement bodies"
    dispute_values: list[tuple[str, Cell]] = [
        ("Total number", len(disputes)),
        *(
            (scope, sum(1 for d in disputes if d.outcome == o))
            for o, scope in OUTCOME_SCOPES.items()
        ),
        ("Median time", _dispute_hours(disputes)),
        ("Decision omitted", sum(1 for d in disputes if d.outcome == "omitted")),
        ("Percentage of outcomes implemented", implemented_share(disputes)),
    ]
    indicators += [(layout.PLATFORMS, section, layout.DISPUTES, s, v) for s, v in dispute_values]
    suspensions = [s for s in records.suspensions if period.holds(s.on)]
    for reason, indicator in layout.SUSPENSIONS.items():
        count = sum(1 for s in suspensions if s.reason == reason)
        indicators.append(
            (
                layout.PLATFORMS,
                "Suspensions imposed on repeated offenders",
                indicator,
                "Total number",
                count,
            )
        )
    rows: list[list[Cell]] = [
        [applicability, qualitative.service, period.text, section, indicator, scope, value, None]
        for applicability, section, indicator, scope, value in indicators
    ]
    return Sheet("7_appeals_and_recidivism", layout.INDICATOR_COLUMNS, rows)


def automated_means(
    figures: Figures, records: StaffRecords, qualitative: Qualitative, period: Period
) -> Sheet:
    own = [m for m in records.own_initiative if period.holds(m.on)]
    own_automated = sum(m.count for m in own if m.automated_decision)
    own_manual = sum(m.count for m in own if not m.automated_decision)
    accuracy = {a.scope: a for a in records.accuracy}
    section = "Use of automated means for content moderation"
    scopes: list[tuple[str, str, str, Cell, str, Cell]] = [
        (
            layout.ALL,
            "Total number",
            layout.AUTOMATED_MEASURES,
            figures.number(MEASURES_AUTOMATED) + own_automated,
            layout.MANUAL_MEASURES,
            figures.number(MEASURES_MANUAL) + own_manual,
        ),
        (
            layout.ALL,
            "Own-initiative ",
            layout.AUTOMATED_MEASURES,
            own_automated,
            layout.MANUAL_MEASURES,
            own_manual,
        ),
        (
            layout.HOSTING,
            "NAM Total",
            layout.AUTOMATED_NOTICES,
            figures.number(NOTICES_AUTOMATED),
            layout.MANUAL_NOTICES,
            figures.number(NOTICES_MANUAL),
        ),
        (
            layout.PLATFORMS,
            "NAM Trusted Flagger",
            layout.AUTOMATED_NOTICES,
            0,
            layout.MANUAL_NOTICES,
            0,
        ),
    ]
    rows: list[list[Cell]] = []
    for applicability, scope, automated, automated_count, manual, manual_count in scopes:
        rows.append(
            [
                applicability,
                qualitative.service,
                period.text,
                section,
                automated,
                scope,
                automated_count,
                None,
            ]
        )
        rows.append(
            [
                applicability,
                qualitative.service,
                period.text,
                section,
                manual,
                scope,
                manual_count,
                None,
            ]
        )
        # Accuracy applies where automated means are used and staff measured it.
        given = accuracy.get(scope)  # type: ignore[call-overload]
        values = (given.accuracy, given.precision, given.recall) if given else (None, None, None)
        for indicator, value in zip(layout.ACCURACY, values, strict=True):
            rows.append(
                [
                    applicability,
                    qualitative.service,
                    period.text,
                    section,
                    indicator,
                    scope,
                    value,
                    None,
                ]
            )
    return Sheet("8_automated_means", layout.INDICATOR_COLUMNS, rows)


def qualitative_sheet(qualitative: Qualitative, period: Period) -> Sheet:
    rows: list[list[Cell]] = []
    for key, (applicability, indicator) in layout.QUALITATIVE.items():
        # The very large platforms' questions do not apply: blank, whatever the file says.
        value = None if applicability == layout.VLOPS else qualitative.answers.get(key)
        rows.append([applicability, qualitative.service, period.text, indicator, value])
    return Sheet("11_qualitative", (*layout.PERIOD_COLUMNS, "Indicator", "Value"), rows)


def missing_answers(qualitative: Qualitative) -> list[str]:
    """The questions every platform must answer that the file leaves unanswered."""
    return [
        key
        for key, (applicability, _) in layout.QUALITATIVE.items()
        if applicability != layout.VLOPS and not (qualitative.answers.get(key) or "").strip()
    ]


def build_sheets(
    tallies: Iterable[Tally],
    records: StaffRecords,
    qualitative: Qualitative,
    period: Period,
    *,
    published: date | None = None,
) -> list[Sheet]:
    """Every sheet an online platform that is not very large fills in, in Annex I's order."""
    figures = Figures(tallies)
    return [
        identification(qualitative, period, published),
        categories_names(qualitative),
        orders(figures, qualitative, period),
        notices(figures, qualitative, period),
        own_initiative(records, qualitative, period, "illegal_content"),
        own_initiative(records, qualitative, period, "terms_and_conditions"),
        appeals_and_recidivism(figures, records, qualitative, period),
        automated_means(figures, records, qualitative, period),
        qualitative_sheet(qualitative, period),
    ]
