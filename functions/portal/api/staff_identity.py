"""
Who is calling the staff API: the claims HTTP API's JWT authorizer checked and passed on
(`requestContext.authorizer.jwt.claims` of the Cognito ID token). HTTP API flattens an
array claim into one string, `[legal product_safety]`; a JSON list is read as well.
Without claims the authorizer did not run (a misconfigured route): nobody is let in.
"""

import json
from typing import Any

from portal.domain.errors import StaffUnauthenticated
from portal.domain.staff_access import StaffMember, member


def groups_claim(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(group) for group in value]
    text = str(value or "").strip()
    if text.startswith("[") and '"' in text:
        try:
            return [str(group) for group in json.loads(text)]
        except ValueError:
            return []
    return [group for group in text.strip("[]").replace(",", " ").split() if group]


def signed_in_member(event: dict[str, Any]) -> StaffMember:
    claims = (event.get("requestContext") or {}).get("authorizer", {}).get("jwt", {}).get("claims")
    if not isinstance(claims, dict) or not claims.get("sub"):
        raise StaffUnauthenticated()
    return member(str(claims.get("email") or ""), groups_claim(claims.get("cognito:groups")))
