"""
What staff do with a case, whatever the entry point: list, open (audited), download an
attachment (audited), decide, record a restoration. A decision is stored in one write
with everything it triggers: the case's new state, the decision as recorded, the e-mails
(domain/decision_mails.py), the statements of reasons for the Transparency Database
(domain/statements.py) and the audit trail's entries. Nothing is sent from here: the
outbox and the statements' queue do it, and retry.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, Protocol

from portal.domain import decision_mails
from portal.domain.audit import Action, AuditEntry
from portal.domain.cases import Case, CaseKind, CaseStatus, Decision, Routing
from portal.domain.deadlines import operator_date
from portal.domain.decisions import (
    AppealDecision,
    AuthorityOrderRecord,
    NoticeDecision,
    decide_appeal,
    decide_notice,
    record_authority_order,
    record_restoration,
    summary,
)
from portal.domain.errors import AttachmentNotFound, InvalidSubmission, StaffCaseNotFound
from portal.domain.intake import Clock
from portal.domain.mail import Mail
from portal.domain.staff_access import StaffMember, check_access
from portal.domain.statements import notice_statements, payload

Record = NoticeDecision | AppealDecision | AuthorityOrderRecord


@dataclass(frozen=True)
class DecisionWrite:
    """One case's part of a decision: the case after it, and the decision as recorded."""

    case: Case
    record: Record
    # "first": the case must not be decided yet (else AlreadyDecided); "reversal": the
    # recorded decision must not be reversed yet; "update": replaces the record.
    condition: Literal["first", "reversal", "update"] = "first"


@dataclass(frozen=True)
class OutboxStatement:
    """A statement of reasons waiting for the Transparency Database (its PUID is unique)."""

    case_reference: str
    puid: str
    statement: dict[str, Any]


@dataclass(frozen=True)
class CaseFile:
    """What staff see of a case: everything stored about it, and what it triggered."""

    case: Case
    record: Record | None
    mails: list[dict[str, Any]] = field(default_factory=list)
    statements: list[dict[str, Any]] = field(default_factory=list)
    history: list[AuditEntry] = field(default_factory=list)

    def timings(self) -> dict[str, datetime | None]:
        """Receipt, acknowledgement, decision, informing: what the report's medians need."""
        acknowledged = _sent(self.mails, _ACKNOWLEDGEMENTS)
        informed = _sent(self.mails, _INFORMING)
        decided = self.case.decision.decided_at if self.case.decision else None
        if isinstance(self.record, AuthorityOrderRecord):
            decided = self.record.effect_given_at
            informed = self.record.user_informed_at
        return {
            "received_at": self.case.received_at,
            "acknowledged_at": acknowledged,
            "decided_at": decided,
            "informed_at": informed,
        }


_ACKNOWLEDGEMENTS = {"notice_received", "appeal_received", "authority_message_received"}
_INFORMING = {"notice_decided", "statement_of_reasons", "appeal_decided"}


def _sent(mails: Sequence[Mapping[str, Any]], templates: set[str]) -> datetime | None:
    """When the last of these e-mails went: everyone concerned was told by then."""
    moments = [m["sent_at"] for m in mails if m.get("template") in templates and m.get("sent_at")]
    if not moments or len(moments) < sum(1 for m in mails if m.get("template") in templates):
        return None
    return max(datetime.fromisoformat(str(moment)) for moment in moments)


@dataclass(frozen=True)
class CaseQuery:
    kind: CaseKind = CaseKind.NOTICE
    status: CaseStatus = CaseStatus.RECEIVED
    received_from: date | None = None
    received_to: date | None = None
    limit: int = 25
    cursor: str | None = None


@dataclass(frozen=True)
class CasePage:
    cases: list[Case]
    next_cursor: str | None


class StaffCaseStore(Protocol):
    def get(self, reference: str) -> Case | None: ...

    def case_file(self, reference: str) -> CaseFile | None: ...

    def list_cases(self, query: CaseQuery, teams: frozenset[Routing]) -> CasePage: ...

    def save_decision(
        self,
        writes: Sequence[DecisionWrite],
        mails: Sequence[Mail],
        statements: Sequence[OutboxStatement],
        audit: Sequence[tuple[str, AuditEntry]],
    ) -> None:
        """
        All at once or nothing. A write's condition that does not hold raises
        AlreadyDecided; an e-mail or statement already in the outbox is not written again.
        """

    def append_audit(self, case: Case, entry: AuditEntry) -> None:
        """Add an entry to the case's trail; it expires with the case."""


@dataclass(frozen=True)
class CaseDesk:
    store: StaffCaseStore
    clock: Clock
    # The published review rules, which statements of reasons point to.
    rules_url: str | None = None

    def _case(self, member: StaffMember, reference: str) -> Case:
        return check_access(member, self.store.get(reference))

    def list(self, member: StaffMember, query: CaseQuery) -> CasePage:
        return self.store.list_cases(query, member.teams)

    def open(self, member: StaffMember, reference: str) -> CaseFile:
        """The case with its personal data: the viewing is recorded first."""
        case = self._case(member, reference)
        self.store.append_audit(
            case, AuditEntry(at=self.clock(), actor=member.email, action=Action.VIEWED)
        )
        found = self.store.case_file(reference)
        if found is None:
            raise StaffCaseNotFound()
        return found

    def attachment(self, member: StaffMember, reference: str, index: int) -> str:
        """The upload id of a case's attachment, its download recorded first."""
        case = self._case(member, reference)
        if not 0 <= index < len(case.attachments):
            raise AttachmentNotFound()
        entry = AuditEntry(
            at=self.clock(),
            actor=member.email,
            action=Action.DOWNLOADED_ATTACHMENT,
            detail=f"attachment {index + 1}",
        )
        self.store.append_audit(case, entry)
        return case.attachments[index]

    def decide(self, member: StaffMember, reference: str, content: Mapping[str, Any]) -> CaseFile:
        case = self._case(member, reference)
        now = self.clock()
        if case.kind is CaseKind.NOTICE:
            self._decide_notice(member, case, content, now)
        elif case.kind is CaseKind.APPEAL:
            self._decide_appeal(member, case, content, now)
        else:
            self._record_order(member, case, content, now)
        return self.open(member, reference)

    def _entry(self, member: StaffMember, action: Action, now: datetime, detail: str) -> AuditEntry:
        return AuditEntry(at=now, actor=member.email, action=action, detail=detail)

    def _decide_notice(
        self, member: StaffMember, case: Case, content: Mapping[str, Any], now: datetime
    ) -> None:
        decision = decide_notice(case, content, staff=member.staff, now=now)
        decided = case.model_copy(
            update={"decision": summary(decision), "status": CaseStatus.DECIDED}
        )
        statements = [
            OutboxStatement(case.reference, statement.puid, payload(statement))
            for statement in notice_statements(decision, rules_url=self.rules_url)
        ]
        outcomes = ", ".join(f"{r.review}: {r.outcome}" for r in decision.reviews)
        self.store.save_decision(
            [DecisionWrite(decided, decision)],
            decision_mails.notice_mails(case, decision),
            statements,
            [(case.reference, self._entry(member, Action.DECIDED, now, outcomes))],
        )

    def _contested(self, appeal: Case) -> tuple[Case | None, NoticeDecision | None]:
        reference = appeal.details.get("contested_case")
        if not reference:
            return None, None
        found = self.store.case_file(str(reference))
        if found is None or not isinstance(found.record, NoticeDecision):
            return (found.case if found else None), None
        return found.case, found.record

    def _decide_appeal(
        self, member: StaffMember, appeal: Case, content: Mapping[str, Any], now: datetime
    ) -> None:
        notice, contested = self._contested(appeal)
        record, reversed_decision = decide_appeal(
            appeal, content, contested=contested, staff=member.staff, now=now
        )
        told = Decision(
            outcome=record.outcome.value, decided_at=now, informed_on=operator_date(now)
        )
        writes = [
            DecisionWrite(
                appeal.model_copy(update={"decision": told, "status": CaseStatus.DECIDED}), record
            )
        ]
        mails = [decision_mails.appeal_decided(appeal, record)]
        audit = [(appeal.reference, self._entry(member, Action.DECIDED, now, record.outcome.value))]
        if reversed_decision is not None and notice is not None:
            writes.append(DecisionWrite(notice, reversed_decision, condition="reversal"))
            mails += decision_mails.reversal_mails(notice, reversed_decision, record.reasons)
            detail = f"by appeal {appeal.reference}"
            audit.append((notice.reference, self._entry(member, Action.REVERSED, now, detail)))
        self.store.save_decision(writes, mails, [], audit)

    def _record_order(
        self, member: StaffMember, case: Case, content: Mapping[str, Any], now: datetime
    ) -> None:
        record = record_authority_order(case, content, staff=member.staff, now=now)
        status = CaseStatus.DECIDED if record.effect else case.status
        after = case.model_copy(update={"status": status})
        detail = "effect given" if record.effect else "receipt confirmed"
        self.store.save_decision(
            [DecisionWrite(after, record, condition="update")],
            decision_mails.authority_replies(case, record),
            [],
            [(case.reference, self._entry(member, Action.RECORDED_ORDER, now, detail))],
        )

    def record_restoration(self, member: StaffMember, reference: str, at: datetime) -> CaseFile:
        """The reversed reviews of a notice are shown again, from `at`."""
        case = self._case(member, reference)
        found = self.store.case_file(reference)
        if found is None or not isinstance(found.record, NoticeDecision):
            raise InvalidSubmission("no_decision_to_reverse")
        now = self.clock()
        if at > now:
            raise InvalidSubmission("date_in_future", field="restored_at")
        updated = record_restoration(found.record, at)
        entry = self._entry(member, Action.RECORDED_RESTORATION, now, at.isoformat())
        self.store.save_decision(
            [DecisionWrite(case, updated, condition="update")], [], [], [(reference, entry)]
        )
        return self.open(member, reference)
