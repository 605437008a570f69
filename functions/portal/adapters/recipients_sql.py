"""
The one SQL text that counts active recipients, shared by the DuckDB and Athena engines.

It sticks to functions both DuckDB and Athena (Trino) have. Months are told apart by
comparing `occurred_at` with each month's first instant, not with `date_trunc`: cheaper,
and it does not depend on the session time zone. Each person is first reduced to one row
per month and Member State (plain DISTINCTs, which DuckDB can spill to disk); the Union
figure is then the distinct people among those rows, so a person active in two Member
States counts once in the Union and once in each State.
"""

from collections.abc import Sequence
from datetime import date

from portal.domain.member_states import ALIASES, MEMBER_STATES
from portal.domain.months import add_months

# Column names of the answer, in order: month (DATE), member_state (NULL for the Union).
COLUMNS = ("activity_month", "member_state", "recipients")


def _timestamp(month: date) -> str:
    return f"TIMESTAMP '{month.isoformat()} 00:00:00'"


def _quoted(values: Sequence[str]) -> str:
    return ", ".join(f"'{value}'" for value in values)


def monthly_recipients_sql(source: str, months: Sequence[date]) -> str:
    """
    Count recipients per month of `months` (consecutive, oldest first) in the relation
    `source`, which has `recipient_id`, `occurred_at` (UTC), `country` and `is_bot`.
    """
    bounds = [*months[1:], add_months(months[-1], 1)]
    month_of = " ".join(
        f"WHEN occurred_at < {_timestamp(bound)} THEN DATE '{month.isoformat()}'"
        for month, bound in zip(months, bounds, strict=True)
    )
    aliases = " ".join(f"WHEN '{code}' THEN '{state}'" for code, state in ALIASES.items())
    # Only the engines' own relation text and the domain's constants go into the text.
    return f"""\
WITH events AS (
    SELECT
        recipient_id,
        CASE {month_of} END AS activity_month,
        CASE upper(trim(country)) {aliases} ELSE upper(trim(country)) END AS member_state
    FROM {source}
    WHERE occurred_at >= {_timestamp(months[0])}
      AND occurred_at < {_timestamp(bounds[-1])}
      AND coalesce(is_bot, FALSE) = FALSE
),
presence AS (
    SELECT DISTINCT activity_month, member_state, recipient_id
    FROM events
    WHERE member_state IN ({_quoted(sorted(MEMBER_STATES))})
      AND recipient_id IS NOT NULL
),
union_presence AS (
    SELECT DISTINCT activity_month, recipient_id
    FROM presence
)
SELECT activity_month, member_state, count(*) AS recipients
FROM presence
GROUP BY activity_month, member_state
UNION ALL
SELECT activity_month, CAST(NULL AS VARCHAR) AS member_state, count(*) AS recipients
FROM union_presence
GROUP BY activity_month
ORDER BY activity_month, member_state NULLS FIRST
"""  # noqa: S608
