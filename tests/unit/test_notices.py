"""
Notices: who may send one, what it must contain, what is stored and mailed.
"""

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from portal.domain.cases import Case, CaseKind, CaseStatus
from portal.domain.errors import InvalidSubmission, UploadNotFound
from portal.domain.intake import Intake
from portal.domain.mail import StaffRole, Template
from portal.domain.notices import MARKETPLACE_DOMAINS, Notice, submit_notice
from portal.domain.uploads import UploadState
from tests.fakes import FakeCaseStore, FakeUploads

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
FACTS = Path(__file__).resolve().parents[2] / "docs" / "facts.yml"


def notice(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "submission_id": str(uuid.uuid4()),
        "language": "nl",
        "grounds": {"basis": "review_rules", "criteria": ["advertising"]},
        "reviews": [{"url": "https://www.backmarket.nl/nl-nl/p/x/reviews#r-1"}],
        "name": "Sanne de Vries",
        "email": "sanne@example.nl",
        "explanation": "Deze review is een advertentie voor een andere winkel.",
    }
    data.update(changes)
    return data


def errors_of(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as raised:
        Notice.model_validate(data)
    return [(".".join(str(p) for p in e["loc"]), e["type"]) for e in raised.value.errors()]


def submit(
    data: dict[str, Any],
    store: FakeCaseStore,
    *,
    spam: bool = False,
    uploads: FakeUploads | None = None,
) -> Case:
    return submit_notice(
        data, spam=spam, intake=Intake(store, uploads or FakeUploads(), clock=lambda: NOW)
    )


def test_a_notice_about_a_rules_breach_is_stored_and_acknowledged_in_the_senders_language() -> None:
    store = FakeCaseStore()

    case = submit(notice(), store)

    assert case.kind is CaseKind.NOTICE
    assert case.status is CaseStatus.RECEIVED
    assert store.get(case.reference) == case
    acknowledgement, staff = store.outbox
    assert (acknowledgement.template, acknowledgement.language, acknowledgement.to_address) == (
        Template.NOTICE_RECEIVED,
        "nl",
        "sanne@example.nl",
    )
    assert staff.to_staff is StaffRole.LEGAL


def test_an_illegal_content_notice_needs_the_law_and_a_good_faith_statement() -> None:
    grounds = {"basis": "illegal_content", "law_or_right": "", "good_faith": False}

    problems = errors_of(notice(grounds=grounds))

    assert ("grounds.illegal_content.law_or_right", "too_short") in problems
    assert ("grounds.illegal_content.good_faith", "good_faith_required") in problems


def test_the_country_is_optional_and_greece_may_be_written_el() -> None:
    grounds = {
        "basis": "illegal_content",
        "law_or_right": "Greek Civil Code",
        "country": "el",
        "good_faith": True,
    }

    assert Notice.model_validate(notice(grounds=grounds)).grounds.country == "GR"  # type: ignore[union-attr]
    assert ("grounds.illegal_content.country", "country_unknown") in errors_of(
        notice(grounds={**grounds, "country": "XX"})
    )


def test_a_rules_breach_names_known_criteria_each_once() -> None:
    assert ("grounds.review_rules.criteria.0", "enum") in errors_of(
        notice(grounds={"basis": "review_rules", "criteria": ["rude"]})
    )
    assert ("grounds.review_rules.criteria", "duplicate_values") in errors_of(
        notice(grounds={"basis": "review_rules", "criteria": ["hatred", "hatred"]})
    )
    assert ("grounds.review_rules.criteria", "too_short") in errors_of(
        notice(grounds={"basis": "review_rules", "criteria": []})
    )


def test_each_review_is_a_marketplace_address_or_a_review_number() -> None:
    assert ("reviews.0.url", "review_url_not_marketplace") in errors_of(
        notice(reviews=[{"url": "https://evil.example/review"}])
    )
    assert ("reviews.0", "review_location_required") in errors_of(notice(reviews=[{}]))
    assert Notice.model_validate(
        notice(reviews=[{"review_id": "abc-123"}, {"url": "https://backmarket.co.uk/r"}])
    )


def test_the_review_domains_are_the_country_sites_listed_in_the_facts() -> None:
    facts = yaml.safe_load(FACTS.read_text(encoding="utf-8"))

    assert sorted(MARKETPLACE_DOMAINS) == sorted(market["domain"] for market in facts["markets"])


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://backmarket.com.au/r", "review_url_not_marketplace"),
        ("https://backmarket.de/r", "review_url_not_marketplace"),
        ("https://shop.backmarket.fr/r", "review_url_not_marketplace"),
        ("https://backmarket.fr.evil.example/r", "review_url_not_marketplace"),
        ("http://www.backmarket.fr/r", "review_url_not_https"),
        ("https://user:secret@www.backmarket.fr/r", "review_url_not_plain"),
        ("https://evil.example@backmarket.fr/r", "review_url_not_plain"),
        ("https://www.backmarket.fr:8443/r", "review_url_not_plain"),
        ("https://www.backmarket.fr:443/r", "review_url_not_plain"),
    ],
)
def test_a_review_address_is_plain_https_on_one_of_our_country_sites(url: str, code: str) -> None:
    reviews = [{"review_id": "abcd-1234"}, {"url": url}]

    assert ("reviews.1.url", code) in errors_of(notice(reviews=reviews))


def test_each_listed_country_site_is_accepted_with_or_without_www() -> None:
    reviews = [
        {"url": f"https://{www}{domain}/r#1"}
        for domain in MARKETPLACE_DOMAINS
        for www in ("", "www.")
    ]

    assert len(Notice.model_validate(notice(reviews=reviews)).reviews) == 2 * len(
        MARKETPLACE_DOMAINS
    )


def test_a_name_cannot_carry_a_line_break_into_an_email_header() -> None:
    assert ("name", "control_characters") in errors_of(notice(name="Eve\r\nBcc: all@example.com"))


def test_an_attachment_must_exist_and_have_passed_its_check() -> None:
    ok, pending, bad = (str(uuid.uuid4()) for _ in range(3))
    uploads = FakeUploads(
        **{ok: UploadState.ACCEPTED, pending: UploadState.PENDING, bad: UploadState.REJECTED}
    )
    store = FakeCaseStore()

    with pytest.raises(InvalidSubmission) as waiting:
        submit(notice(attachments=[ok, pending]), store, uploads=uploads)
    with pytest.raises(InvalidSubmission) as refused:
        submit(notice(attachments=[bad]), store, uploads=uploads)
    with pytest.raises(UploadNotFound) as missing:
        submit(notice(attachments=[str(uuid.uuid4())]), store, uploads=uploads)

    assert (waiting.value.code, waiting.value.field) == ("attachment_pending", "attachments.1")
    assert (refused.value.code, refused.value.field) == ("attachment_rejected", "attachments.0")
    assert (missing.value.code, missing.value.field) == ("upload_not_found", "attachments.0")
    assert store.cases == {}


def test_spam_is_stored_but_triggers_no_email() -> None:
    store = FakeCaseStore()

    case = submit(notice(), store, spam=True)

    assert case.status is CaseStatus.SPAM
    assert store.outbox == []


def test_the_same_submission_twice_opens_one_case() -> None:
    store = FakeCaseStore()
    data = notice()

    first = submit(data, store)
    again = submit(data, store)

    assert again.reference == first.reference
    assert len(store.cases) == 1
    assert len(store.outbox) == 2


def test_a_reference_already_taken_is_drawn_again() -> None:
    store = FakeCaseStore()
    real_add = store.add
    calls: list[str] = []

    def add_once_taken(case, mails):  # type: ignore[no-untyped-def]
        calls.append(case.reference)
        if len(calls) == 1:
            store.taken.add(case.reference)
        return real_add(case, mails)

    store.add = add_once_taken  # type: ignore[method-assign]

    case = submit(notice(), store)

    assert len(calls) == 2
    assert case.reference == calls[1] != calls[0]


def test_an_address_is_stored_with_its_domain_in_punycode_as_ses_can_send_to_it() -> None:
    stored = Notice.model_validate(notice(email="Sanne@Exämple.NL"))

    assert stored.email == "Sanne@xn--exmple-cua.nl"


def test_an_address_with_accents_before_the_at_sign_is_refused_with_its_own_code() -> None:
    assert ("email", "email_local_part_unsupported") in errors_of(notice(email="élise@example.fr"))
    assert ("email", "email_invalid") in errors_of(notice(email="not an address"))
