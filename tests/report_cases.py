"""
Cases with a known transparency report, and the export of the cases table that holds them:
orders from several Member States (and the Commission), notices on both bases, decisions
with chosen times, appeals with every outcome, plus what must not count (spam, an
unconfirmed order, cases outside the period, product safety). `Plan` keeps what each case
was made to be, so that a test computes the expected figures on its own.
"""

import gzip
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from portal.adapters.cases import case_item, to_attributes
from portal.domain.case_desk import Record
from portal.domain.cases import Case, CaseKind, CaseStatus
from portal.domain.decisions import (
    NoticeDecision,
    Staff,
    decide_appeal,
    decide_notice,
    record_authority_order,
    summary,
)
from portal.domain.transparency_report import Period

PERIOD = Period(date(2026, 1, 1), date(2026, 12, 31))
STAFF = Staff(email="legal.staff@example.com")
AUTHOR = "k.lindqvist@example.se"
FACTS = "A third party reported the review. Staff read it and compared it with the order."


@dataclass
class PlannedOrder:
    basis: str  # order_against_illegal_content | information_order
    scope: str  # the Member State as the report writes it, "" for EU bodies
    items: int
    receipt_hours: float
    effect_hours: float | None


@dataclass
class PlannedNotice:
    category: str
    keyword: str
    items: int
    law: int
    terms: int
    automated: int  # restricted reviews decided by fully automated means
    restricted: int
    decided: bool
    all_automated: bool
    hours: float | None  # received to decided, when it acted


@dataclass
class PlannedAppeal:
    subject: str
    outcome: str  # as the template says it
    hours: float | None
    notifier: bool


@dataclass
class Plan:
    orders: list[PlannedOrder] = field(default_factory=list)
    notices: list[PlannedNotice] = field(default_factory=list)
    appeals: list[PlannedAppeal] = field(default_factory=list)


@dataclass
class Stored:
    case: Case
    record: Record | None = None


def _case(kind: CaseKind, received: datetime, details: dict[str, Any], **extra: Any) -> Case:
    prefix = {"notice": "NT", "authority_message": "AU", "appeal": "AP"}[kind.value]
    return Case(
        reference=f"{prefix}-{uuid.uuid4().hex[:8].upper()}",
        kind=kind,
        status=extra.pop("status", CaseStatus.RECEIVED),
        submission_id=str(uuid.uuid4()),
        received_at=received,
        language="en",
        details=details,
        **extra,
    )


def _order(
    basis: str,
    member_state: str | None,
    received: datetime,
    items: int,
    receipt: float,
    effect: float | None,
    **extra: Any,
) -> Stored:
    details: dict[str, Any] = {
        "authority_type": "member_state_authority" if member_state else "european_commission",
        "member_state": member_state,
        "authority_name": "An authority",
        "official_email": "dsa@authority.example.eu",
        "authority_reference": "REF-1",
        "legal_basis": basis,
        "subject": "An order",
        "message": "Please act on the reviews listed.",
        "message_language": "en",
        "items": [f"https://www.backmarket.fr/r/{n}" for n in range(items)],
    }
    case = _case(CaseKind.AUTHORITY_MESSAGE, received, details, **extra)
    content: dict[str, Any] = {"receipt_confirmed_at": received + timedelta(hours=receipt)}
    if effect is not None:
        content |= {
            "effect": "The reviews are removed.",
            "effect_given_at": received + timedelta(hours=effect),
        }
    now = received + timedelta(hours=200)
    record = record_authority_order(case, content, staff=STAFF, now=now)
    return Stored(case.model_copy(update={"status": CaseStatus.DECIDED}), record)


def _notice(
    criteria: list[str] | None,
    received: datetime,
    reviews: list[dict[str, Any]],
    decided_after: float | None,
    **extra: Any,
) -> Stored:
    grounds: dict[str, Any] = (
        {"basis": "review_rules", "criteria": criteria}
        if criteria
        else {
            "basis": "illegal_content",
            "law_or_right": "Code pénal, art. 226-10",
            "good_faith": True,
        }
    )
    details = {
        "grounds": grounds,
        "reviews": [{"review_id": f"RV-{n}"} for n in range(len(reviews))],
        "name": "Claire Martin",
        "email": "notifier@example.com",
        "explanation": "The reviews break the rules, as the notifier explains at length.",
    }
    case = _case(CaseKind.NOTICE, received, details, **extra)
    if decided_after is None:
        return Stored(case)
    decisions = []
    for number, review in enumerate(reviews, start=1):
        outcome = review.get("outcome", "remove")
        decision: dict[str, Any] = {"review": number, "outcome": outcome, "facts": FACTS}
        if outcome != "no_action":
            ground: dict[str, Any] = (
                {
                    "basis": "illegal_content",
                    "legal_ground": "Code pénal, art. 226-10",
                    "explanation": "The review accuses the seller of an offence without basis.",
                }
                if review.get("ground") == "illegal_content"
                else {
                    "basis": "review_rules",
                    "criteria": criteria or ["off_topic"],
                    "explanation": "The review describes the courier, not the product bought.",
                }
            )
            decision |= {"ground": ground, "published_on": "2026-01-01", "author_email": AUTHOR}
        if review.get("automated"):
            decision["automated_decision"] = "fully"
        decisions.append(decision)
    now = received + timedelta(hours=decided_after)
    record = decide_notice(case, {"reviews": decisions}, staff=STAFF, now=now)
    decided = case.model_copy(update={"status": CaseStatus.DECIDED, "decision": summary(record)})
    return Stored(decided, record)


def _appeal(
    appellant: dict[str, Any],
    received: datetime,
    contested: Stored | None,
    outcome: str | None,
    decided_after: float | None,
    reviews: list[int] | None = None,
) -> Stored:
    details: dict[str, Any] = {
        "appellant": appellant,
        "name": "Jonas Weber",
        "email": AUTHOR,
        "explanation": "The decision was wrong, as the appellant explains at length.",
    }
    if contested is not None:
        details["contested_case"] = contested.case.reference
    case = _case(CaseKind.APPEAL, received, details)
    if outcome is None or decided_after is None:
        return Stored(case)
    content: dict[str, Any] = {
        "outcome": outcome,
        "reasons": "Staff reread the review and the rules.",
    }
    if reviews is not None:
        content["reviews"] = reviews
    notice = contested.record if contested is not None else None
    assert notice is None or isinstance(notice, NoticeDecision)
    now = received + timedelta(hours=decided_after)
    record, reversed_notice = decide_appeal(case, content, contested=notice, staff=STAFF, now=now)
    if reversed_notice is not None and contested is not None:
        contested.record = reversed_notice
    return Stored(case.model_copy(update={"status": CaseStatus.DECIDED}), record)


def known_cases() -> tuple[list[Stored], Plan]:
    """Every case of the reference report, and what each was made to be."""
    plan = Plan()
    stored: list[Stored] = []
    t0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    orders = [
        ("order_against_illegal_content", "FR", 2, 1.0, 10.0),
        ("order_against_illegal_content", "FR", 1, 3.0, 20.0),
        ("order_against_illegal_content", "DE", 3, 2.0, None),
        ("order_against_illegal_content", "GR", 0, 5.0, 48.0),
        ("information_order", "NL", 0, 4.0, 30.0),
        ("information_order", None, 1, 6.0, 12.0),
    ]
    for index, (basis, state, items, receipt, effect) in enumerate(orders):
        stored.append(_order(basis, state, t0 + timedelta(days=index), items, receipt, effect))
        scope = {"GR": "EL"}.get(state or "", state or "")
        plan.orders.append(PlannedOrder(basis, scope, items, receipt, effect))
    # Not counted: product safety, an unconfirmed address, a message of the year before.
    stored.append(_order("product_safety", "FR", t0, 1, 1.0, 2.0))
    unconfirmed = _order("order_against_illegal_content", "FR", t0, 1, 1.0, 2.0)
    unconfirmed.case = unconfirmed.case.model_copy(
        update={"status": CaseStatus.AWAITING_CONFIRMATION}
    )
    stored.append(unconfirmed)
    stored.append(
        _order(
            "order_against_illegal_content",
            "FR",
            datetime(2025, 12, 31, 22, tzinfo=UTC),
            1,
            1.0,
            2.0,
        )
    )

    remove, no_action = {"outcome": "remove"}, {"outcome": "no_action"}
    illegal = {"outcome": "remove", "ground": "illegal_content"}
    notices: list[tuple[list[str] | None, list[dict[str, Any]], float | None, str, str]] = [
        (["off_topic"], [remove, no_action], 10.0, "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE", ""),
        (
            ["duplicate"],
            [remove | {"automated": True}],
            4.0,
            "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
            "KEYWORD_INAUTHENTIC_USER_REVIEWS",
        ),
        (
            ["false_or_by_seller"],
            [remove, {"outcome": "demote"}, no_action],
            20.0,
            "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
            "KEYWORD_INAUTHENTIC_USER_REVIEWS",
        ),
        (
            ["hatred", "offensive"],
            [{"outcome": "label"}],
            7.0,
            "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
            "KEYWORD_HATE_SPEECH",
        ),
        (
            ["offensive"],
            [no_action],
            5.0,
            "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
            "KEYWORD_OTHER",
        ),
        (None, [illegal, illegal], 30.0, "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE", ""),
        (
            ["advertising"],
            [remove],
            None,
            "STATEMENT_CATEGORY_CONSUMER_INFORMATION",
            "KEYWORD_HIDDEN_ADVERTISEMENT",
        ),
        (
            ["personal_data"],
            [remove | {"automated": True}],
            1.0,
            "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
            "KEYWORD_OTHER",
        ),
        (
            ["identity_theft"],
            [illegal, illegal | {"automated": True}],
            50.0,
            "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
            "KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING",
        ),
    ]
    by_index: list[Stored] = []
    for index, (criteria, reviews, after, category, keyword) in enumerate(notices):
        made = _notice(criteria, t0 + timedelta(days=10 + index), reviews, after)
        stored.append(made)
        by_index.append(made)
        decided = after is not None
        restricted = [r for r in reviews if r["outcome"] != "no_action"] if decided else []
        plan.notices.append(
            PlannedNotice(
                category=category,
                keyword=keyword,
                items=len(reviews),
                law=sum(1 for r in restricted if r.get("ground") == "illegal_content"),
                terms=sum(1 for r in restricted if r.get("ground") != "illegal_content"),
                automated=sum(1 for r in restricted if r.get("automated")),
                restricted=len(restricted),
                decided=decided,
                all_automated=decided and all(r.get("automated") for r in reviews),
                hours=after if restricted else None,
            )
        )
    spam = _notice(["off_topic"], t0, [remove], 1.0)
    spam.case = spam.case.model_copy(update={"status": CaseStatus.SPAM})
    stored.append(spam)
    stored.append(_notice(["off_topic"], datetime(2027, 1, 1, 0, 30, tzinfo=UTC), [remove], 1.0))

    t1 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    author = {"role": "review_author", "decision": "review_removed"}
    appeals: list[
        tuple[dict[str, Any], Stored | None, str | None, float | None, list[int] | None, str, str]
    ] = [
        (
            author | {"case_reference": by_index[1].case.reference},
            by_index[1],
            "rejected",
            24.0,
            None,
            "visibility",
            "upheld",
        ),
        (
            author | {"case_reference": by_index[2].case.reference},
            by_index[2],
            "upheld",
            48.0,
            [1],
            "visibility",
            "partially_reversed",
        ),
        (
            {"role": "notifier", "case_reference": by_index[4].case.reference},
            by_index[4],
            "upheld",
            12.0,
            None,
            "no_action",
            "reversed",
        ),
        (
            {
                "role": "review_author",
                "decision": "account_blocked",
                "order_number": "ORD-1",
                "informed_on": "2026-05-20",
            },
            None,
            "rejected",
            72.0,
            None,
            "account",
            "upheld",
        ),
        (
            {"role": "notifier", "case_reference": by_index[0].case.reference},
            by_index[0],
            None,
            None,
            None,
            "no_action",
            "pending",
        ),
        (
            {
                "role": "review_author",
                "decision": "review_not_published",
                "order_number": "ORD-2",
                "review_date": "2026-05-01",
                "informed_on": "2026-05-20",
            },
            None,
            "upheld",
            6.0,
            None,
            "visibility",
            "reversed",
        ),
    ]
    for index, (appellant, contested, outcome, after, reviews_, subject, result) in enumerate(
        appeals
    ):
        stored.append(
            _appeal(appellant, t1 + timedelta(days=index), contested, outcome, after, reviews_)
        )
        plan.appeals.append(PlannedAppeal(subject, result, after, appellant["role"] == "notifier"))
    return stored, plan


def export_items(stored: list[Stored]) -> list[dict[str, Any]]:
    """The table's items for these cases, as the adapters write them, with some noise."""
    items: list[dict[str, Any]] = []
    for made in stored:
        items.append(case_item(made.case))
        items.append(
            {
                "pk": f"CASE#{made.case.reference}",
                "sk": "MAIL#received",
                "template": "notice_received",
                "state": "sent",
            }
        )
        items.append(
            {
                "pk": f"SUBMISSION#{made.case.kind}#{made.case.submission_id}",
                "sk": "CLAIM",
                "reference": made.case.reference,
            }
        )
        if made.record is not None:
            items.append(
                {
                    "pk": f"CASE#{made.case.reference}",
                    "sk": "DECISION",
                    "kind": made.record.kind,
                    "record": made.record.model_dump_json(),
                }
            )
    return items


def write_export(items: list[dict[str, Any]], directory: Path, files: int = 2) -> Path:
    """ExportTableToPointInTime's layout: AWSDynamoDB/<export id>/data/<file>.json.gz."""
    data = directory / "AWSDynamoDB" / "01234567890123-abcdef12" / "data"
    data.mkdir(parents=True, exist_ok=True)
    for index in range(files):
        with gzip.open(data / f"part-{index}.json.gz", "wt", encoding="utf-8") as file:
            for item in items[index::files]:
                file.write(json.dumps({"Item": to_attributes(item)}, ensure_ascii=False) + "\n")
    return directory
