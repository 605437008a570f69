"""
The one SQL text that counts the transparency report's figures in an export of the cases
table (ExportTableToPointInTime, DYNAMODB_JSON: one `{"Item": {...}}` line per item), shared
by the DuckDB and Athena engines. Each reads the lines as one text column `line`; the few
functions the two spell differently are the `Dialect`'s.

The text flattens the cases received in the period (neither spam nor unconfirmed) and their
recorded decisions into facts (measure, category, keyword, scope, number, hours), counted
once at their keyword and Member State, then adds them up into each category, TOTAL and the
TOTAL scope, and takes exact medians with window functions (Athena has only approximate
percentiles). Only the domain's constants and the engines' relation text go into the text.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from portal.domain import transparency_report as report
from portal.domain.criteria import Criterion
from portal.domain.member_states import ALIASES
from portal.domain.transparency_report import Period, notice_row

# Column names of the answer, in order.
COLUMNS = ("measure", "category", "keyword", "scope", "number", "median_hours")


@dataclass(frozen=True)
class Dialect:
    text: Callable[[str, str], str]  # the JSON text value at a path, or NULL
    array: Callable[[str, str], str]  # the JSON array at a path, for UNNEST
    length: Callable[[str, str], str]  # the length of the JSON array at a path, or NULL
    instant: Callable[[str], str]  # an ISO 8601 text as epoch seconds


DUCKDB = Dialect(
    text=lambda value, path: f"json_extract_string({value}, '{path}')",
    array=lambda value, path: f"json_extract({value}, '{path}[*]')",
    length=lambda value, path: f"json_array_length({value}, '{path}')",
    instant=lambda value: f"epoch(CAST({value} AS TIMESTAMPTZ))",
)
ATHENA = Dialect(
    text=lambda value, path: f"json_extract_scalar({value}, '{path}')",
    array=lambda value, path: f"CAST(json_extract({value}, '{path}') AS ARRAY(JSON))",
    length=lambda value, path: f"json_array_length(json_extract({value}, '{path}'))",
    instant=lambda value: f"to_unixtime(from_iso8601_timestamp({value}))",
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


def report_sql(source: str, period: Period, dialect: Dialect) -> str:
    """Every figure of the period as rows of COLUMNS, from `source` (column `line`)."""
    t, d = dialect.text, dialect
    start, end = _period_bounds(period)
    category, keyword = _notice_rows("criterion")
    aliases = " ".join(f"WHEN '{iso}' THEN '{eu}'" for eu, iso in ALIASES.items())
    order = "'STATEMENT_CATEGORY_NOT_SPECIFIED_ORDER'"
    hours = "({end} - received) / 3600.0"
    return f"""\
WITH items AS (
    SELECT {t("line", "$.Item.pk.S")} AS pk, {t("line", "$.Item.sk.S")} AS sk, line
    FROM {source}
),
cases AS (
    SELECT pk, kind, details, received
    FROM (
        SELECT
            pk,
            {t("line", "$.Item.kind.S")} AS kind,
            {t("line", "$.Item.status.S")} AS status,
            {t("line", "$.Item.details.S")} AS details,
            {d.instant(t("line", "$.Item.received_at.S"))} AS received
        FROM items
        WHERE sk = 'CASE'
    ) AS stored
    WHERE status IN ('received', 'decided') AND received >= {start} AND received < {end}
),
records AS (
    SELECT pk, {t("line", "$.Item.record.S")} AS record FROM items WHERE sk = 'DECISION'
),
orders AS (
    SELECT
        {t("c.details", "$.legal_basis")} AS basis,
        CASE {t("c.details", "$.member_state")} {aliases}
            ELSE coalesce({t("c.details", "$.member_state")}, '') END AS scope,
        coalesce({d.length("c.details", "$.items")}, 0) AS items,
        c.received,
        {d.instant(t("r.record", "$.receipt_confirmed_at"))} AS receipt,
        {d.instant(t("r.record", "$.effect_given_at"))} AS effect
    FROM cases AS c LEFT JOIN records AS r ON r.pk = c.pk
    WHERE c.kind = 'authority_message'
),
notices AS (
    SELECT
        c.pk,
        c.received,
        {t("c.details", "$.grounds.criteria[0]")} AS criterion,
        coalesce({d.length("c.details", "$.reviews")}, 0) AS items,
        r.record,
        {d.instant(t("r.record", "$.decided_at"))} AS decided
    FROM cases AS c LEFT JOIN records AS r ON r.pk = c.pk
    WHERE c.kind = 'notice'
),
reviews AS (
    SELECT
        n.pk,
        {t("review", "$.outcome")} AS outcome,
        {t("review", "$.ground.basis")} AS ground,
        {t("review", "$.automated_decision")} AS automation
    FROM notices AS n CROSS JOIN UNNEST({d.array("n.record", "$.reviews")}) AS listed(review)
    WHERE n.record IS NOT NULL
),
decided_reviews AS (
    SELECT
        pk,
        count(*) AS reviews,
        sum(CASE WHEN outcome <> 'no_action' THEN 1 ELSE 0 END) AS restricted,
        sum(CASE WHEN outcome <> 'no_action' AND ground = 'illegal_content' THEN 1 ELSE 0 END)
            AS law,
        sum(CASE WHEN outcome <> 'no_action' AND ground = 'review_rules' THEN 1 ELSE 0 END)
            AS terms,
        sum(CASE WHEN outcome <> 'no_action' AND automation = 'fully' THEN 1 ELSE 0 END)
            AS automated,
        sum(CASE WHEN automation = 'fully' THEN 1 ELSE 0 END) AS automated_reviews
    FROM reviews
    GROUP BY pk
),
counted_notices AS (
    SELECT
        {category} AS category,
        {keyword} AS keyword,
        n.items,
        CASE WHEN coalesce(v.restricted, 0) > 0 THEN {hours.format(end="n.decided")} END AS hours,
        coalesce(v.reviews, 0) AS reviews,
        coalesce(v.restricted, 0) AS restricted,
        coalesce(v.law, 0) AS law,
        coalesce(v.terms, 0) AS terms,
        coalesce(v.automated, 0) AS automated,
        coalesce(v.automated_reviews, 0) AS automated_reviews,
        CASE WHEN n.decided IS NULL THEN 0 ELSE 1 END AS decided
    FROM notices AS n LEFT JOIN decided_reviews AS v ON v.pk = n.pk
),
appeals AS (
    SELECT
        CASE
            WHEN {t("c.details", "$.appellant.role")} = 'notifier' THEN 'no_action'
            WHEN {t("c.details", "$.appellant.decision")} = 'account_blocked' THEN 'account'
            ELSE 'visibility'
        END AS subject,
        {t("c.details", "$.appellant.role")} AS role,
        {t("r.record", "$.outcome")} AS outcome,
        coalesce({d.length("r.record", "$.reversal.reviews")}, 0) AS reversed_reviews,
        {d.length("contested.record", "$.reviews")} AS contested_reviews,
        {hours.format(end=d.instant(t("r.record", "$.decided_at")))} AS hours
    FROM cases AS c
    LEFT JOIN records AS r ON r.pk = c.pk
    LEFT JOIN records AS contested
        ON contested.pk = 'CASE#' || {t("c.details", "$.contested_case")}
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
facts AS (
    SELECT '{report.ORDER_ACT}' AS measure, {order} AS category, '' AS keyword, scope,
        1 AS n, {hours.format(end="receipt")} AS hours
    FROM orders WHERE basis = 'order_against_illegal_content'
    UNION ALL
    SELECT '{report.ORDER_ACT_ITEMS}', {order}, '', scope, items, NULL
    FROM orders WHERE basis = 'order_against_illegal_content'
    UNION ALL
    SELECT '{report.ORDER_ACT_EFFECT}', {order}, '', scope, 0, {hours.format(end="effect")}
    FROM orders WHERE basis = 'order_against_illegal_content'
    UNION ALL
    SELECT '{report.ORDER_INFO}', {order}, '', scope, 1, {hours.format(end="receipt")}
    FROM orders WHERE basis = 'information_order'
    UNION ALL
    SELECT '{report.ORDER_INFO_EFFECT}', {order}, '', scope, 0, {hours.format(end="effect")}
    FROM orders WHERE basis = 'information_order'
    UNION ALL
    SELECT '{report.NOTICE}', category, keyword, 'TOTAL', 1, hours FROM counted_notices
    UNION ALL
    SELECT '{report.NOTICE_ITEMS}', category, keyword, 'TOTAL', items, NULL FROM counted_notices
    UNION ALL
    SELECT '{report.ACTIONS_LAW}', category, keyword, 'TOTAL', law, NULL FROM counted_notices
    UNION ALL
    SELECT '{report.ACTIONS_TERMS}', category, keyword, 'TOTAL', terms, NULL
    FROM counted_notices
    UNION ALL
    SELECT '{report.MEASURES_AUTOMATED}', category, keyword, 'TOTAL', automated, NULL
    FROM counted_notices
    UNION ALL
    SELECT '{report.MEASURES_MANUAL}', category, keyword, 'TOTAL', restricted - automated, NULL
    FROM counted_notices
    UNION ALL
    SELECT '{report.NOTICES_AUTOMATED}', category, keyword, 'TOTAL',
        CASE WHEN decided = 1 AND automated_reviews = reviews THEN 1 ELSE 0 END, NULL
    FROM counted_notices
    UNION ALL
    SELECT '{report.NOTICES_MANUAL}', category, keyword, 'TOTAL',
        CASE WHEN decided = 1 AND automated_reviews < reviews THEN 1 ELSE 0 END, NULL
    FROM counted_notices
    UNION ALL
    SELECT '{report.COMPLAINT}', subject, result, 'TOTAL', 1, hours FROM judged_appeals
    UNION ALL
    SELECT '{report.RESTRICTION_AFTER_COMPLAINT}', subject, result, 'TOTAL',
        CASE WHEN role = 'notifier' AND result IN ('reversed', 'partially_reversed')
            THEN 1 ELSE 0 END,
        NULL
    FROM judged_appeals
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
    SELECT
        measure,
        CASE WHEN level IN (0, 1) THEN category ELSE 'TOTAL' END AS category,
        CASE WHEN level IN (0, 2) THEN keyword ELSE '' END AS keyword,
        CASE WHEN scoped = 1 THEN 'TOTAL' ELSE scope END AS scope,
        sum(number) AS number
    FROM leaves CROSS JOIN levels
    WHERE (keyword <> '' OR level IN (0, 2))
      AND (scoped = 1 OR scope NOT IN ('TOTAL', ''))
    GROUP BY 1, 2, 3, 4
),
timed AS (
    SELECT
        measure,
        CASE WHEN level IN (0, 1) THEN category ELSE 'TOTAL' END AS category,
        CASE WHEN level IN (0, 2) THEN keyword ELSE '' END AS keyword,
        CASE WHEN scoped = 1 THEN 'TOTAL' ELSE scope END AS scope,
        hours
    FROM facts CROSS JOIN levels
    WHERE hours IS NOT NULL
      AND (keyword <> '' OR level IN (0, 2))
      AND (scoped = 1 OR scope NOT IN ('TOTAL', ''))
),
ranked AS (
    SELECT
        measure, category, keyword, scope, hours,
        row_number() OVER (PARTITION BY measure, category, keyword, scope ORDER BY hours)
            AS position,
        count(*) OVER (PARTITION BY measure, category, keyword, scope) AS total
    FROM timed
),
medians AS (
    SELECT measure, category, keyword, scope, avg(hours) AS median_hours
    FROM ranked
    WHERE position = floor((total + 1) / 2.0) OR position = floor((total + 2) / 2.0)
    GROUP BY measure, category, keyword, scope
)
SELECT s.measure, s.category, s.keyword, s.scope, s.number, m.median_hours
FROM sums AS s
LEFT JOIN medians AS m
    ON m.measure = s.measure AND m.category = s.category
    AND m.keyword = s.keyword AND m.scope = s.scope
ORDER BY 1, 2, 3, 4
"""  # noqa: S608
