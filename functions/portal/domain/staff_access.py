"""
Who among staff may see which case. Product-safety staff handle product-safety cases only
(GPSR Art. 22 keeps them apart); legal staff handle the rest. A case of the other team is
answered like an unknown reference.
"""

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from portal.domain.cases import Case, Routing
from portal.domain.decisions import Staff
from portal.domain.errors import StaffCaseNotFound, StaffForbidden

# The user pool's groups (infra/template.yaml), each a team.
GROUP_TEAMS = {"legal": Routing.LEGAL, "product_safety": Routing.PRODUCT_SAFETY}


class StaffMember(BaseModel):
    """A signed-in member of staff: their address (the audit trail's `who`) and teams."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    email: str
    teams: frozenset[Routing]

    @property
    def staff(self) -> Staff:
        return Staff(email=self.email)


def member(email: str, groups: Iterable[str]) -> StaffMember:
    """The member of staff a signed-in identity is; in no team: StaffForbidden (403)."""
    teams = frozenset(GROUP_TEAMS[group] for group in groups if group in GROUP_TEAMS)
    if not teams or not email:
        raise StaffForbidden()
    return StaffMember(email=email, teams=teams)


def check_access(member: StaffMember, case: Case | None) -> Case:
    if case is None or case.routing not in member.teams:
        raise StaffCaseNotFound()
    return case
