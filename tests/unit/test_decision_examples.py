"""
The decision examples the staff API will show are accepted as they are, for a case just
made from the public examples of each form.
"""

from collections.abc import Mapping
from datetime import timedelta

from portal.api.appeals import example as appeal_example
from portal.api.authority_messages import EXAMPLE as AUTHORITY_EXAMPLE
from portal.api.notices import EXAMPLE as NOTICE_EXAMPLE
from portal.api.notices import ILLEGAL_EXAMPLE
from portal.domain.appeals import submit_appeal
from portal.domain.authority_messages import submit_authority_message
from portal.domain.deadlines import operator_date
from portal.domain.decision_examples import (
    APPEAL_DECISION,
    AUTHORITY_ORDER,
    ILLEGAL_NOTICE_DECISION,
    NOTICE_DECISION,
)
from portal.domain.decisions import (
    AppealOutcome,
    decide_appeal,
    decide_notice,
    record_authority_order,
)
from portal.domain.intake import Intake
from portal.domain.notices import submit_notice
from portal.domain.statements import notice_statements, payload
from portal.local.transparency_db import validate
from tests.fakes import FakeCaseStore, FakeUploads
from tests.unit.decision_inputs import NOW, STAFF

LATER = NOW + timedelta(minutes=5)
GUARDS = {"challenge", "website"}  # the API's anti-abuse fields, not the form's


def form(example: Mapping[str, object]) -> dict[str, object]:
    return {key: value for key, value in example.items() if key not in GUARDS}


INTAKE = Intake(FakeCaseStore(), FakeUploads(), clock=lambda: NOW)


def test_the_notice_examples_are_accepted_and_make_valid_statements() -> None:
    for public, decision in (
        (NOTICE_EXAMPLE, NOTICE_DECISION),
        (ILLEGAL_EXAMPLE, ILLEGAL_NOTICE_DECISION),
    ):
        case = submit_notice(form(public), spam=False, intake=INTAKE)

        recorded = decide_notice(case, decision, staff=STAFF, now=LATER)

        statements = [payload(statement) for statement in notice_statements(recorded)]
        assert len(statements) == 1
        assert validate(statements[0]) == {}


def test_the_appeal_example_is_accepted() -> None:
    case = submit_appeal(form(appeal_example(operator_date(NOW))), spam=False, intake=INTAKE)

    record, contested = decide_appeal(case, APPEAL_DECISION, contested=None, staff=STAFF, now=LATER)

    assert record.outcome is AppealOutcome.UPHELD and contested is None
    assert record.reversal is not None and record.reversal.reversed_at == LATER


def test_the_authority_example_is_accepted() -> None:
    case = submit_authority_message(form(AUTHORITY_EXAMPLE), spam=False, intake=INTAKE)

    record = record_authority_order(case, AUTHORITY_ORDER, staff=STAFF, now=LATER)

    assert record.effect_given_at == LATER and record.user_informed_at == LATER
