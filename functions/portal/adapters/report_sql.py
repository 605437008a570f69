"""
The one SQL text that counts the transparency report's figures in an export of the cases
table (ExportTableToPointInTime, DYNAMODB_JSON: one `{"Item": {...}}` line per item), shared
by the DuckDB and Athena engines. Each reads the lines' attributes as text columns (each
line parsed once); the few functions the two spell differently are the `Dialect`'s.

The text flattens the cases received in the period (neither spam nor unconfirmed) and their
recorded decisions into facts (measure, category, keyword, scope, number, hours), counted
once at their keyword and Member State, then adds them up into each category, TOTAL and the
TOTAL scope, and takes exact medians (DuckDB's median; window functions on Athena, whose
percentiles are approximate). Only the domain's constants and the engines' relation text go
into the text.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from portal.domain import transparency_report as report
from portal.domain.criteria import Criterion
from portal.domain.member_states import ALIASES
from portal.domain.transparency_report import Period, notice_row

# The attributes of the table's items the report reads (each a string, DynamoDB's "S").
SOURCE_COLUMNS = ("pk", "sk", "kind", "status", "received_at", "details", "record")
# A figure's row at each level of levels (in tally_sql): its keyword (0), its category (1),
# TOTAL by keyword (2), TOTAL (3); its Member State, or the TOTAL scope (scoped = 1).
_ROW_AT_LEVEL = """measure,
        CASE WHEN level IN (0, 1) THEN category ELSE 'TOTAL' END AS category,
        CASE WHEN level IN (0, 2) THEN keyword ELSE '' END AS keyword,
        CASE WHEN scoped = 1 THEN 'TOTAL' ELSE scope END AS scope"""
# Never twice into one row: a category's own figure has no keyword level, a figure of no
# Member State (or of TOTAL already) no Member State level.
_LEVELS_APPLY = """(keyword <> '' OR level IN (0, 2))
      AND (scoped = 1 OR scope NOT IN ('TOTAL', ''))"""
# Column names of the answer, in order.
COLUMNS = ("measure", "category", "keyword", "scope", "number", "median_hours")


@dataclass(frozen=True)
class Dialect:
    parts: Callable[[str, Sequence[str]], str]  # the JSON values at paths, one parse
    part_text: Callable[[str], str]  # such a value as text (NULL for null)
    part_length: Callable[[str], str]  # the length of such a value, an array
    part_array: Callable[[str], str]  # such a value, an array, as an array of JSON
    each: Callable[[str, Sequence[str]], str]  # per element of that, texts at paths
    count_where: Callable[[str, str], str]  # elements `review` of an array meeting a test
    instant: Callable[[str], str]  # an ISO 8601 text as epoch seconds
    medians: str  # each row's exact median of `timed`'s hours (measure ... scope, median_hours)


# Exact medians with window functions, for Athena (whose percentiles are approximate): the
# middle value, or the mean of the two middle values.
_WINDOW_MEDIANS = """\
    SELECT measure, category, keyword, scope, avg(hours) AS median_hours
    FROM (
        SELECT
            measure, category, keyword, scope, hours,
            row_number() OVER (PARTITION BY measure, category, keyword, scope ORDER BY hours)
                AS position,
            count(*) OVER (PARTITION BY measure, category, keyword, scope) AS total
        FROM timed
    ) AS ranked
    WHERE position = floor((total + 1) / 2.0) OR position = floor((total + 2) / 2.0)
    GROUP BY measure, category, keyword, scope"""
# DuckDB's median is exact (quantile_cont(0.5): the mean of the two middle values), and
# much cheaper than sorting each partition through a window.
_AGGREGATE_MEDIANS = """\
    SELECT measure, category, keyword, scope, median(hours) AS median_hours
    FROM timed
    GROUP BY measure, category, keyword, scope"""


def _paths(paths: Sequence[str]) -> str:
    return ", ".join(f"'{path}'" for path in paths)


# DuckDB parses a document once for a list of paths; the lambda is 1.3's syntax.
DUCKDB = Dialect(
    parts=lambda value, paths: f"json_extract({value}, [{_paths(paths)}])",
    part_text=lambda part: f"json_extract_string({part}, '$')",
    part_length=lambda part: f"json_array_length({part})",
    part_array=lambda part: f"json_extract({part}, '$[*]')",
    each=lambda array, paths: (
        f"list_transform({array}, lambda element: json_extract_string(element, [{_paths(paths)}]))"
    ),
    count_where=lambda array, test: f"len(list_filter({array}, lambda review: {test}))",
    instant=lambda value: f"epoch(CAST({value} AS TIMESTAMPTZ))",
    medians=_AGGREGATE_MEDIANS,
)
ATHENA = Dialect(
    parts=lambda value, paths: (
        "ARRAY[" + ", ".join(f"json_extract({value}, '{path}')" for path in paths) + "]"
    ),
    part_text=lambda part: f"json_extract_scalar({part}, '$')",
    part_length=lambda part: f"json_array_length({part})",
    part_array=lambda part: f"CAST({part} AS ARRAY(JSON))",
    each=lambda array, paths: (
        f"transform({array}, element -> ARRAY["
        + ", ".join(f"json_extract_scalar(element, '{path}')" for path in paths)
        + "])"
    ),
    count_where=lambda array, test: f"cardinality(filter({array}, review -> {test}))",
    instant=lambda value: f"to_unixtime(from_iso8601_timestamp({value}))",
    medians=_WINDOW_MEDIANS,
)


def _epoch(day: datetime) -> str:
    return repr(day.timestamp())


def _period_bounds(period: Period) -> tuple[str, str]:
    """The period's first and first-after instants, UTC."""
    start = datetime.combine(period.start, time(), UTC)
    end = datetime.combine(period.end + timedelta(days=1), time(), UTC)
    return _epoch(start), _epoch(end)


def _notice_rows(criterion: str) -> tuple[str, str]:
    """CASE expressions giving a notice's category and keyword from its first criterion."""
    categories, keywords = [], []
    for value in Criterion:
        category, keyword = notice_row(value)
        categories.append(f"WHEN '{value.value}' THEN '{category}'")
        keywords.append(f"WHEN '{value.value}' THEN '{keyword}'")
    fallback_category, fallback_keyword = notice_row(None)
    return (
        f"CASE {criterion} {' '.join(categories)} ELSE '{fallback_category}' END",
        f"CASE {criterion} {' '.join(keywords)} ELSE '{fallback_keyword}' END",
    )


# What the report reads of a case's details and of a decision's record, by name.
_DETAILS = {
    "basis": "$.legal_basis",
    "member_state": "$.member_state",
    "criterion": "$.grounds.criteria[0]",
    "role": "$.appellant.role",
    "contested_decision": "$.appellant.decision",
    "contested_case": "$.contested_case",
}
_DETAIL_LISTS = {"order_items": "$.items", "notice_items": "$.reviews"}
_REVIEW = ("$.outcome", "$.ground.basis", "$.automated_decision")
_RECORD = {
    "receipt": "$.receipt_confirmed_at",
    "effect": "$.effect_given_at",
    "decided": "$.decided_at",
    "outcome": "$.outcome",
}


def flatten_sql(source: str, dialect: Dialect) -> str:
    """
    One row per item of `source` (text columns SOURCE_COLUMNS) with the few values the
    report reads, each JSON document parsed once, in this one pass. Other items than cases
    and decisions (e-mails, claims) give rows of nulls, which the tally leaves out: filtering
    them here would make DuckDB parse each line twice. The DuckDB engine keeps the answer as
    a table; Athena reads it as report_sql's first step.
    """
    d = dialect
    detail_paths = [*_DETAILS.values(), *_DETAIL_LISTS.values()]
    record_paths = [*_RECORD.values(), "$.reversal.reviews", "$.reviews"]
    values = [
        f"{d.part_text(f'details_parts[{n}]')} AS {name}" for n, name in enumerate(_DETAILS, 1)
    ]
    values += [
        f"coalesce({d.part_length(f'details_parts[{n}]')}, 0) AS {name}"
        for n, name in enumerate(_DETAIL_LISTS, len(_DETAILS) + 1)
    ]
    values += [
        d.instant(d.part_text(f"record_parts[{n}]")) + f" AS {name}"
        if name != "outcome"
        else f"{d.part_text(f'record_parts[{n}]')} AS {name}"
        for n, name in enumerate(_RECORD, 1)
    ]
    values.append(
        f"coalesce({d.part_length(f'record_parts[{len(_RECORD) + 1}]')}, 0) AS reversed_reviews"
    )
    reviews = d.each(d.part_array(f"record_parts[{len(_RECORD) + 2}]"), _REVIEW)
    values.append(f"CASE WHEN kind = 'notice' THEN {reviews} END AS review_list")
    # Each review is read once into [outcome, ground's basis, automated decision].
    restricted = "coalesce(review[1], '') <> 'no_action'"
    ground = "review[2]"
    fully = "review[3] = 'fully'"
    counts = {
        "reviews": "TRUE",
        "restricted": restricted,
        "law": f"{restricted} AND {ground} = 'illegal_content'",
        "terms": f"{restricted} AND {ground} = 'review_rules'",
        "automated": f"{restricted} AND {fully}",
        "automated_reviews": fully,
    }
    names = [*_DETAILS, *_DETAIL_LISTS, *_RECORD, "reversed_reviews"]
    outer = ",\n    ".join(
        names
        + [
            f"coalesce({d.count_where('review_list', test)}, 0) AS {name}"
            for name, test in counts.items()
        ]
    )
    inner = ",\n        ".join(values)
    return f"""\
SELECT
    pk, sk, kind, status, received,
    {outer}
FROM (
    SELECT
        pk, sk, kind, status, received,
        {inner}
    FROM (
        SELECT
            pk, sk, kind, status,
            {d.instant("received_at")} AS received,
            {d.parts("details", detail_paths)} AS details_parts,
            {d.parts("record", record_paths)} AS record_parts
        FROM {source}
    ) AS items
) AS parsed
"""  # noqa: S608


def report_sql(source: str, period: Period, dialect: Dialect) -> str:
    """Every figure of the period as rows of COLUMNS, from `source` in one query."""
    return tally_sql(f"(\n{flatten_sql(source, dialect)})", period, dialect)


def tally_sql(flat: str, period: Period, dialect: Dialect) -> str:
    """
    Every figure of the period as rows of COLUMNS, from `flat`: flatten_sql's rows (a
    table, or that query in parentheses). `flat` is read twice rather than through a
    common table expression, which DuckDB would copy whole before reading (Trino inlines
    it anyway).
    """
    start, end = _period_bounds(period)
    category, keyword = _notice_rows("c.criterion")
    aliases = " ".join(f"WHEN '{iso}' THEN '{eu}'" for eu, iso in ALIASES.items())
    order = "'STATEMENT_CATEGORY_NOT_SPECIFIED_ORDER'"
    hours = "({end} - c.received) / 3600.0"
    medians = dialect.medians
    return f"""\
WITH cases AS (
    SELECT * FROM {flat} AS flattened
    WHERE sk = 'CASE' AND status IN ('received', 'decided')
      AND received >= {start} AND received < {end}
),
records AS (
    SELECT * FROM {flat} AS flattened WHERE sk = 'DECISION'
),
orders AS (
    SELECT
        c.basis,
        CASE c.member_state {aliases} ELSE coalesce(c.member_state, '') END AS scope,
        c.order_items AS items,
        c.received,
        r.receipt,
        r.effect
    FROM cases AS c LEFT JOIN records AS r ON r.pk = c.pk
    WHERE c.kind = 'authority_message'
),
counted_notices AS (
    SELECT
        {category} AS category,
        {keyword} AS keyword,
        c.notice_items AS items,
        CASE WHEN coalesce(r.restricted, 0) > 0 THEN {hours.format(end="r.decided")} END
            AS hours,
        coalesce(r.reviews, 0) AS reviews,
        coalesce(r.restricted, 0) AS restricted,
        coalesce(r.law, 0) AS law,
        coalesce(r.terms, 0) AS terms,
        coalesce(r.automated, 0) AS automated,
        coalesce(r.automated_reviews, 0) AS automated_reviews,
        CASE WHEN r.decided IS NULL THEN 0 ELSE 1 END AS decided
    FROM cases AS c LEFT JOIN records AS r ON r.pk = c.pk
    WHERE c.kind = 'notice'
),
appeals AS (
    SELECT
        CASE
            WHEN c.role = 'notifier' THEN 'no_action'
            WHEN c.contested_decision = 'account_blocked' THEN 'account'
            ELSE 'visibility'
        END AS subject,
        c.role,
        r.outcome,
        coalesce(r.reversed_reviews, 0) AS reversed_reviews,
        contested.reviews AS contested_reviews,
        {hours.format(end="r.decided")} AS hours
    FROM cases AS c
    LEFT JOIN records AS r ON r.pk = c.pk
    LEFT JOIN records AS contested ON contested.pk = 'CASE#' || c.contested_case
    WHERE c.kind = 'appeal'
),
judged_appeals AS (
    SELECT
        subject,
        role,
        hours,
        -- The template speaks of the contested decision: upheld when the appeal is rejected.
        CASE
            WHEN outcome = 'rejected' THEN 'upheld'
            WHEN outcome = 'upheld' AND reversed_reviews > 0
                AND reversed_reviews < coalesce(contested_reviews, 0) THEN 'partially_reversed'
            WHEN outcome = 'upheld' THEN 'reversed'
            ELSE 'pending'
        END AS result
    FROM appeals
),
order_facts AS (
    SELECT
        measure, {order} AS category, '' AS keyword, scope,
        CASE measure WHEN '{report.ORDER_ACT_ITEMS}' THEN items
            WHEN '{report.ORDER_ACT_EFFECT}' THEN 0 WHEN '{report.ORDER_INFO_EFFECT}' THEN 0
            ELSE 1 END AS n,
        CASE measure WHEN '{report.ORDER_ACT_ITEMS}' THEN NULL
            WHEN '{report.ORDER_ACT_EFFECT}' THEN {hours.format(end="effect")}
            WHEN '{report.ORDER_INFO_EFFECT}' THEN {hours.format(end="effect")}
            ELSE {hours.format(end="receipt")} END AS hours
    FROM orders AS c CROSS JOIN (
        VALUES ('{report.ORDER_ACT}', 'order_against_illegal_content'),
            ('{report.ORDER_ACT_ITEMS}', 'order_against_illegal_content'),
            ('{report.ORDER_ACT_EFFECT}', 'order_against_illegal_content'),
            ('{report.ORDER_INFO}', 'information_order'),
            ('{report.ORDER_INFO_EFFECT}', 'information_order')
    ) AS measures(measure, counted_basis)
    WHERE basis = counted_basis
),
notice_facts AS (
    SELECT
        measure, category, keyword, 'TOTAL' AS scope,
        CASE measure
            WHEN '{report.NOTICE}' THEN 1
            WHEN '{report.NOTICE_ITEMS}' THEN items
            WHEN '{report.ACTIONS_LAW}' THEN law
            WHEN '{report.ACTIONS_TERMS}' THEN terms
            WHEN '{report.MEASURES_AUTOMATED}' THEN automated
            WHEN '{report.MEASURES_MANUAL}' THEN restricted - automated
            WHEN '{report.NOTICES_AUTOMATED}' THEN
                CASE WHEN decided = 1 AND automated_reviews = reviews THEN 1 ELSE 0 END
            ELSE CASE WHEN decided = 1 AND automated_reviews < reviews THEN 1 ELSE 0 END
        END AS n,
        CASE WHEN measure = '{report.NOTICE}' THEN hours END AS hours
    FROM counted_notices CROSS JOIN (
        VALUES ('{report.NOTICE}'), ('{report.NOTICE_ITEMS}'), ('{report.ACTIONS_LAW}'),
            ('{report.ACTIONS_TERMS}'), ('{report.MEASURES_AUTOMATED}'),
            ('{report.MEASURES_MANUAL}'), ('{report.NOTICES_AUTOMATED}'),
            ('{report.NOTICES_MANUAL}')
    ) AS measures(measure)
),
appeal_facts AS (
    SELECT
        measure, subject AS category, result AS keyword, 'TOTAL' AS scope,
        CASE WHEN measure = '{report.COMPLAINT}' THEN 1
            WHEN role = 'notifier' AND result IN ('reversed', 'partially_reversed') THEN 1
            ELSE 0 END AS n,
        CASE WHEN measure = '{report.COMPLAINT}' THEN hours END AS hours
    FROM judged_appeals CROSS JOIN (
        VALUES ('{report.COMPLAINT}'), ('{report.RESTRICTION_AFTER_COMPLAINT}')
    ) AS measures(measure)
),
facts AS (
    SELECT * FROM order_facts
    UNION ALL SELECT * FROM notice_facts
    UNION ALL SELECT * FROM appeal_facts
),
levels AS (
    SELECT level, scoped FROM (VALUES (0, 0), (1, 0), (2, 0), (3, 0), (0, 1), (1, 1), (2, 1), (3, 1))
        AS pairs(level, scoped)
),
leaves AS (
    SELECT measure, category, keyword, scope, sum(n) AS number
    FROM facts
    GROUP BY measure, category, keyword, scope
),
-- Each figure is counted at its keyword and Member State, then added into its category
-- (level 1), TOTAL by keyword (2), TOTAL (3), and the TOTAL scope; never twice into one row.
sums AS (
    SELECT {_ROW_AT_LEVEL}, sum(number) AS number
    FROM leaves CROSS JOIN levels
    WHERE {_LEVELS_APPLY}
    GROUP BY 1, 2, 3, 4
),
timed AS (
    SELECT {_ROW_AT_LEVEL}, hours
    FROM facts CROSS JOIN levels
    WHERE hours IS NOT NULL AND {_LEVELS_APPLY}
),
medians AS (
{medians}
)
SELECT s.measure, s.category, s.keyword, s.scope, s.number, m.median_hours
FROM sums AS s
LEFT JOIN medians AS m
    ON m.measure = s.measure AND m.category = s.category
    AND m.keyword = s.keyword AND m.scope = s.scope
ORDER BY 1, 2, 3, 4
"""  # noqa: S608
