"""
The e-mails a decision sends, each in its recipient's language, through the case's outbox:
- the notifier learns the decision on each review and how to contest it (Art. 16(5)-(6));
- each author of a restricted review gets a statement of reasons (Art. 17(3)(a)-(f)), which
  never names the notifier;
- the appellant learns the decision on the appeal, with the out-of-court option (Art. 20(5));
- an upheld appeal's reversal is told to the notifier and the authors (Art. 20(4));
- an authority gets its receipt confirmed and the effect given (Art. 9(1), 10(1)), in
  English or French, the languages it may write in.

What they carry is ours: dates, codes and what staff wrote (domain.mail.DECISION_VALUES).
A review is named by its number in the notice, or, to its author, by its address when that
is on the marketplace.
"""

import json
from datetime import date, datetime
from urllib.parse import urlsplit

from portal.domain.cases import Case, Language, sender_address
from portal.domain.deadlines import appeal_window_closes, operator_date
from portal.domain.decisions import (
    RESTRICTIVE,
    AppealDecision,
    AuthorityOrderRecord,
    IllegalContentGround,
    NoticeDecision,
    ReviewDecision,
    ReviewRulesGround,
)
from portal.domain.mail import Mail, Template
from portal.domain.notices import is_marketplace_host

# An authority writes in English or French (FACTS.md): our replies are in one of the two.
AUTHORITY_LANGUAGES: frozenset[Language] = frozenset({"en", "fr"})


def _mail(
    case_reference: str,
    key: str,
    template: Template,
    to: str,
    language: Language,
    values: dict[str, str],
) -> Mail:
    return Mail(
        id=f"{case_reference}/{key}",
        case_reference=case_reference,
        template=template,
        language=language,
        to_address=to,
        values={"reference": case_reference, **values},
    )


def _ground(review: ReviewDecision) -> dict[str, object]:
    ground = review.ground
    if isinstance(ground, IllegalContentGround):
        return {
            "basis": "illegal_content",
            "legal_ground": ground.legal_ground,
            "explanation": ground.explanation,
        }
    if isinstance(ground, ReviewRulesGround):
        return {
            "basis": "review_rules",
            "criteria": [str(criterion) for criterion in ground.criteria],
            "explanation": ground.explanation,
        }
    return {}


def appeal_until(decided_at: datetime) -> date:
    """The last day to contest: six months from the day the person is told (today)."""
    return appeal_window_closes(operator_date(decided_at))


def _dates(decided_at: datetime) -> dict[str, str]:
    return {
        "decided_at": decided_at.isoformat(),
        "appeal_until": appeal_until(decided_at).isoformat(),
    }


def notice_decided(case: Case, decision: NoticeDecision) -> Mail | None:
    """To the notifier: each review's outcome and ground, and how to contest (none: no address)."""
    to = sender_address(case)
    if not to:
        return None
    decisions = [
        {"review": review.review, "outcome": str(review.outcome), **_ground(review)}
        for review in decision.reviews
    ]
    return _mail(
        case.reference,
        Template.NOTICE_DECIDED,
        Template.NOTICE_DECIDED,
        to,
        case.language,
        {**_dates(decision.decided_at), "decisions": json.dumps(decisions, ensure_ascii=False)},
    )


def _review_address(location: str) -> str | None:
    parts = urlsplit(location)
    if parts.scheme == "https" and is_marketplace_host(parts.hostname or ""):
        return location
    return None


def statements_of_reasons(decision: NoticeDecision) -> list[Mail]:
    """
    To the author of each restricted review whose address staff entered: Art. 17(3)(a)-(f).
    The notifier is not named: that the decision followed a notice is all it says of them.
    """
    mails = []
    for review in decision.reviews:
        if review.outcome not in RESTRICTIVE or not review.author_email:
            continue
        statement = {
            "review": review.review,
            "review_address": _review_address(review.location),
            "outcome": str(review.outcome),
            "territorial_scope": list(review.territorial_scope),
            "restricted_until": review.restricted_until.isoformat()
            if review.restricted_until
            else None,
            "facts": review.facts,
            "notice_basis": decision.notice_basis,
            "automated_detection": review.automated_detection,
            "automated_decision": str(review.automated_decision),
            **_ground(review),
        }
        mails.append(
            _mail(
                decision.case_reference,
                f"{Template.STATEMENT_OF_REASONS}/{review.review}",
                Template.STATEMENT_OF_REASONS,
                review.author_email,
                review.author_language,
                {
                    **_dates(decision.decided_at),
                    "statement": json.dumps(statement, ensure_ascii=False),
                },
            )
        )
    return mails


def notice_mails(case: Case, decision: NoticeDecision) -> list[Mail]:
    told = notice_decided(case, decision)
    return ([told] if told else []) + statements_of_reasons(decision)


def appeal_decided(appeal: Case, decision: AppealDecision) -> Mail:
    """To the appellant: the outcome and its reasons; still open: out-of-court bodies, courts."""
    return _mail(
        appeal.reference,
        Template.APPEAL_DECIDED,
        Template.APPEAL_DECIDED,
        str(appeal.details["email"]),
        appeal.language,
        {
            "decided_at": decision.decided_at.isoformat(),
            "outcome": str(decision.outcome),
            "reasons": decision.reasons,
            "contested_case": decision.contested_case or "",
        },
    )


def reversal_mails(notice: Case, contested: NoticeDecision, reasons: str) -> list[Mail]:
    """
    An upheld appeal reversed the notice's decision on some reviews: the notifier and each
    author of a reversed review whose address we have are told, with the appeal's reasons.
    """
    reversal = contested.reversal
    if reversal is None:
        return []
    values = {
        "decided_at": reversal.reversed_at.isoformat(),
        "reviews": json.dumps(list(reversal.reviews)),
        "reasons": reasons,
    }
    mails = []
    to = sender_address(notice)
    if to:
        key = f"{Template.DECISION_REVERSED}/notifier"
        mails.append(
            _mail(notice.reference, key, Template.DECISION_REVERSED, to, notice.language, values)
        )
    for review in contested.reviews:
        if review.review in reversal.reviews and review.author_email:
            mails.append(
                _mail(
                    notice.reference,
                    f"{Template.DECISION_REVERSED}/author/{review.review}",
                    Template.DECISION_REVERSED,
                    review.author_email,
                    review.author_language,
                    {**values, "reviews": json.dumps([review.review])},
                )
            )
    return mails


def authority_language(case: Case) -> Language:
    return case.language if case.language in AUTHORITY_LANGUAGES else "en"


def authority_replies(case: Case, record: AuthorityOrderRecord) -> list[Mail]:
    """
    The replies an order's record calls for: receipt confirmed, then the effect given. Each
    is sent once (its outbox key is fixed): recording again changes the record, not the past.
    """
    to = sender_address(case)
    if not to:
        return []
    language = authority_language(case)
    mails = [
        _mail(
            case.reference,
            Template.AUTHORITY_RECEIPT_CONFIRMED,
            Template.AUTHORITY_RECEIPT_CONFIRMED,
            to,
            language,
            {"receipt_confirmed_at": record.receipt_confirmed_at.isoformat()},
        )
    ]
    if record.effect and record.effect_given_at:
        mails.append(
            _mail(
                case.reference,
                Template.AUTHORITY_EFFECT_GIVEN,
                Template.AUTHORITY_EFFECT_GIVEN,
                to,
                language,
                {"effect": record.effect, "effect_given_at": record.effect_given_at.isoformat()},
            )
        )
    return mails
