"""
The transparency report's sheets (Implementing Regulation (EU) 2024/2835, Annex I) as an
online platform that is not very large fills them in: the engine's figures
(domain/transparency_report.py), staff's records and answers (domain/report_records.py),
in the layout of domain/report_template.py, with the number rules of Annex II s.4.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median

from portal.domain import report_template as layout
from portal.domain.report_records import (
    RESTRICTION_COLUMNS,
    Accuracy,
    Dispute,
    OwnInitiativeMeasures,
    Qualitative,
    StaffRecords,
)
from portal.domain.transparency_report import (
    ACTIONS_LAW,
    ACTIONS_TERMS,
    COMPLAINT,
    MEASURES_AUTOMATED,
    MEASURES_MANUAL,
    NOTICE,
    NOTICE_ITEMS,
    NOTICES_AUTOMATED,
    NOTICES_MANUAL,
    ORDER_ACT,
    ORDER_ACT_EFFECT,
    ORDER_ACT_ITEMS,
    ORDER_INFO,
    ORDER_INFO_EFFECT,
    OUTCOME_SCOPES,
    RESTRICTION_AFTER_COMPLAINT,
    TOTAL,
    Period,
    Tally,
)

Cell = str | int | float | None


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
    return qualitative.other_descriptions.get(parent)


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
    accuracy: dict[str, Accuracy] = {a.scope: a for a in records.accuracy}
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
        given = accuracy.get(scope)
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
