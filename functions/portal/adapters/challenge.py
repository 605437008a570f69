"""
The proof-of-work challenge (ALTCHA, self-hosted): the API issues HMAC-signed challenges
and verifies solutions without calling anyone; a solution is spent once per submission.
"""

import base64
import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import altcha

from portal.domain.errors import ChallengeFailed

CHALLENGE_VALIDITY = timedelta(minutes=30)
ALGORITHM = "PBKDF2/SHA-256"


class SpentChallenges(Protocol):
    def spend_challenge(self, key: str, submission_id: str, until: datetime) -> bool: ...


class AltchaChallenge:
    """`secret` reads the HMAC key (Secrets Manager, cached an hour): a rotation shows."""

    def __init__(self, secret: Callable[[], str], cost: int, spent: SpentChallenges) -> None:
        self.secret = secret
        self.cost = cost
        self.spent = spent

    def issue(self, now: datetime) -> dict[str, Any]:
        challenge = altcha.create_challenge(
            ALGORITHM,
            self.cost,
            expires_at=now + CHALLENGE_VALIDITY,
            hmac_secret=self.secret(),
        )
        issued: dict[str, Any] = challenge.to_dict()
        return issued

    def verify(self, solution: str | None, submission_id: str) -> None:
        if not solution:
            raise ChallengeFailed("challenge_required", field="challenge")
        try:
            result = altcha.verify_solution(solution, self.secret())
        except (ValueError, KeyError, TypeError, json.JSONDecodeError) as error:
            raise ChallengeFailed(field="challenge") from error
        if getattr(result, "expired", False):
            raise ChallengeFailed("challenge_expired", field="challenge")
        if not getattr(result, "verified", False):
            raise ChallengeFailed(field="challenge")
        key = hashlib.sha256(_challenge_identity(solution).encode()).hexdigest()
        if not self.spent.spend_challenge(
            key, submission_id, datetime.now(UTC) + CHALLENGE_VALIDITY
        ):
            raise ChallengeFailed("challenge_reused", field="challenge")


def _challenge_identity(solution: str) -> str:
    """The signed challenge inside a solution payload: what must not be spent twice."""
    try:
        payload = json.loads(base64.b64decode(solution))
    except (ValueError, json.JSONDecodeError):
        payload = json.loads(solution)
    challenge = payload.get("challenge", payload)
    return str(challenge.get("signature") or json.dumps(challenge, sort_keys=True))


class NoChallenge:
    """PORTAL_CHALLENGE=off: every submission passes."""

    def issue(self, now: datetime) -> dict[str, Any]:
        return {"enabled": False}

    def verify(self, solution: str | None, submission_id: str) -> None:
        return None
