"""
The cases table's stream records, read by the cases adapter in the domain's words: the
workers never parse the table's keys themselves.
"""

from portal.adapters.cases import read_change
from portal.domain.mail import Mail, StaffRole, Template
from portal.domain.statement_submission import QueuedStatement

MAIL = Mail(
    id="m-1",
    template=Template.NOTICE_RECEIVED,
    language="fr",
    to_staff=StaffRole.LEGAL,
    values={"reference": "NT-AAAA-BBBB"},
    case_reference="NT-AAAA-BBBB",
)


def test_a_new_outbox_item_is_a_stored_mail() -> None:
    keys = {"pk": "CASE#NT-AAAA-BBBB", "sk": "MAIL#notice_received"}

    change = read_change("INSERT", keys, {"mail": MAIL.model_dump_json()}, {})

    assert (change.what, change.reference, change.mail) == ("mail_stored", "NT-AAAA-BBBB", MAIL)


def test_a_new_statement_of_reasons_is_a_stored_statement_with_its_puid() -> None:
    keys = {"pk": "CASE#NT-AAAA-BBBB", "sk": "SOR#NT-AAAA-BBBB-R01"}
    image = {
        "statement": '{"puid": "NT-AAAA-BBBB-R01", "category": "STATEMENT_CATEGORY_SCAMS_AND_FRAUD"}'
    }

    change = read_change("INSERT", keys, image | {"state": "pending"}, {})

    assert (change.what, change.reference) == ("statement_stored", "NT-AAAA-BBBB")
    assert change.statement == QueuedStatement(
        reference="NT-AAAA-BBBB",
        puid="NT-AAAA-BBBB-R01",
        statement={"puid": "NT-AAAA-BBBB-R01", "category": "STATEMENT_CATEGORY_SCAMS_AND_FRAUD"},
    )
    # Settling it (submitted, rejected) is no new statement.
    assert read_change("MODIFY", keys, image, image).what == "other"


def test_a_new_or_removed_case_carries_its_attachments() -> None:
    keys = {"pk": "CASE#NT-AAAA-BBBB", "sk": "CASE"}
    image = {"attachments": ["u-1", "u-2"]}

    stored = read_change("INSERT", keys, image, {})
    removed = read_change("REMOVE", keys, {}, image)

    assert (stored.what, stored.attachments) == ("case_stored", ("u-1", "u-2"))
    assert (removed.what, removed.reference, removed.attachments) == (
        "case_removed",
        "NT-AAAA-BBBB",
        ("u-1", "u-2"),
    )


def test_claims_updates_and_removed_mails_are_nothing_to_act_on() -> None:
    assert (
        read_change("INSERT", {"pk": "SUBMISSION#notice#1", "sk": "CLAIM"}, {}, {}).what == "other"
    )
    assert read_change("MODIFY", {"pk": "CASE#NT-AAAA-BBBB", "sk": "CASE"}, {}, {}).what == "other"
    assert (
        read_change("REMOVE", {"pk": "CASE#NT-AAAA-BBBB", "sk": "MAIL#x"}, {}, {}).what == "other"
    )
