"""Which content each e-mail template has: acknowledgements and staff notices, decisions."""

from collections.abc import Callable

from portal.domain.mail import Template
from portal.mail import contents, decision_contents
from portal.mail.contents import Content, Gettext

CONTENT: dict[Template, Callable[[Gettext, dict[str, str]], Content]] = {
    Template.NOTICE_RECEIVED: contents.notice_received,
    Template.APPEAL_RECEIVED: contents.appeal_received,
    Template.AUTHORITY_CONFIRM_ADDRESS: contents.authority_confirm_address,
    Template.AUTHORITY_CONFIRM_REMINDER: contents.authority_confirm_reminder,
    Template.AUTHORITY_MESSAGE_RECEIVED: contents.authority_message_received,
    Template.STAFF_NEW_CASE: contents.staff_new_case,
    Template.STAFF_RECIPIENTS_COMPUTED: contents.staff_recipients_computed,
    Template.STAFF_REPORT_DRAFT: contents.staff_report_draft,
    Template.NOTICE_DECIDED: decision_contents.notice_decided,
    Template.STATEMENT_OF_REASONS: decision_contents.statement_of_reasons,
    Template.APPEAL_DECIDED: decision_contents.appeal_decided,
    Template.DECISION_REVERSED: decision_contents.decision_reversed,
    Template.AUTHORITY_RECEIPT_CONFIRMED: decision_contents.authority_receipt_confirmed,
    Template.AUTHORITY_EFFECT_GIVEN: decision_contents.authority_effect_given,
}
