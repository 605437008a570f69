"""Who among staff sees which case, from the claims HTTP API's JWT authorizer passes on."""

import pytest

from portal.api.staff_identity import groups_claim, signed_in_member
from portal.domain.cases import Routing
from portal.domain.errors import StaffCaseNotFound, StaffForbidden, StaffUnauthenticated
from portal.domain.staff_access import check_access, member
from tests.unit.decision_inputs import notice_case


@pytest.mark.parametrize(
    ("claim", "groups"),
    [
        ("[legal]", ["legal"]),
        ("[legal product_safety]", ["legal", "product_safety"]),
        (["product_safety"], ["product_safety"]),
        ('["legal"]', ["legal"]),
        ("", []),
        (None, []),
    ],
)
def test_the_groups_claim_is_read_as_http_api_flattens_it(claim: object, groups: list[str]) -> None:
    assert groups_claim(claim) == groups


def event(claims: dict[str, object] | None) -> dict[str, object]:
    authorizer = {"jwt": {"claims": claims}} if claims is not None else {}
    return {"requestContext": {"authorizer": authorizer}}


def test_no_claims_is_nobody_and_no_team_is_forbidden() -> None:
    with pytest.raises(StaffUnauthenticated):
        signed_in_member(event(None))
    with pytest.raises(StaffForbidden):
        signed_in_member(event({"sub": "1", "email": "a@staff.example", "cognito:groups": "[]"}))
    with pytest.raises(StaffForbidden):
        signed_in_member(
            event({"sub": "1", "email": "a@staff.example", "cognito:groups": "[admins]"})
        )


def test_each_team_sees_its_own_cases_and_the_other_teams_look_unknown() -> None:
    case = notice_case()
    legal = member("a@staff.example", ["legal"])
    safety = member("b@staff.example", ["product_safety"])
    safety_case = case.model_copy(update={"routing": Routing.PRODUCT_SAFETY})

    assert check_access(legal, case) is case
    assert check_access(safety, safety_case) is safety_case
    with pytest.raises(StaffCaseNotFound):
        check_access(safety, case)
    with pytest.raises(StaffCaseNotFound):
        check_access(legal, safety_case)
    with pytest.raises(StaffCaseNotFound):
        check_access(legal, None)
