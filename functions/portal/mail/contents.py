"""
What each e-mail says, in gettext strings with named placeholders: a subject, paragraphs,
and at most one link. render.py turns this into text and HTML. E-mails to an address a
sender typed use only the reference, dates and our own words (domain.mail.Mail checks it).
"""

from collections.abc import Callable
from dataclasses import dataclass

Gettext = Callable[[str], str]


@dataclass(frozen=True)
class Content:
    subject: str
    paragraphs: list[str]
    link: tuple[str, str] | None = None  # (label, url)


def notice_received(_: Gettext, values: dict[str, str]) -> Content:
    return Content(
        subject=_("We received your report {reference}").format(**values),
        paragraphs=[
            _("Hello,"),
            _("We received your report on {date}. Its reference is {reference}; please quote it if you write to us about it.").format(**values),
            _("Our staff will examine the reviews you reported against the law and our review rules, objectively and on the facts alone."),
            _("We will tell you our decision, the reasons for it, and how you can contest it."),
        ],
    )  # fmt: skip


def appeal_received(_: Gettext, values: dict[str, str]) -> Content:
    return Content(
        subject=_("We received your appeal {reference}").format(**values),
        paragraphs=[
            _("Hello,"),
            _("We received your appeal on {date}. Its reference is {reference}; please quote it if you write to us about it.").format(**values),
            _("Qualified staff will look at the decision again; an appeal is never decided by automated means alone."),
            _("We will send you a reasoned decision. At any stage, you may also turn to a certified out-of-court dispute settlement body or to the courts: neither requires an appeal first."),
        ],
    )  # fmt: skip


def authority_confirm_address(_: Gettext, values: dict[str, str]) -> Content:
    return Content(
        subject=_("Confirm your address to send message {reference}").format(**values),
        paragraphs=[
            _("Hello,"),
            _("A message to the single point of contact of JUNG S.A.S. was sent on {date} with this e-mail address as the authority's official address.").format(**values),
            _("To confirm that the message comes from you, open the link below within seven days. Until then, the message is not processed."),
            _("If you did not send this message, ignore this e-mail: nothing will be done with it."),
        ],
        link=(_("Confirm the message {reference}").format(**values), values["confirm_url"]),
    )  # fmt: skip


def authority_confirm_reminder(_: Gettext, values: dict[str, str]) -> Content:
    """The one reminder, 48 hours on; the reference and our words only."""
    url = values.get("confirm_url")
    return Content(
        subject=_("Reminder: confirm your address to send message {reference}").format(**values),
        paragraphs=[
            _("Hello,"),
            _("A message to the single point of contact of JUNG S.A.S. was sent on {date} with this e-mail address as the authority's official address. Its reference is {reference}.").format(**values),
            _("The address has not been confirmed yet. Our staff can already see the message, marked as unverified; once you confirm, it is handled as coming from you."),
            _("If you did not send this message, ignore this e-mail: we will not write to you about it again."),
        ],
        link=(_("Confirm the message {reference}").format(**values), url) if url else None,
    )  # fmt: skip


def authority_message_received(_: Gettext, values: dict[str, str]) -> Content:
    return Content(
        subject=_("We received your message {reference}").format(**values),
        paragraphs=[
            _("Hello,"),
            _("Your address is confirmed and your message {reference} has reached the team in charge. We received it on {date}.").format(**values),
            _("Where you sent an order, we will tell you what effect we have given to it. Please quote the reference {reference} in any further correspondence.").format(**values),
        ],
    )  # fmt: skip


# Staff read English (domain/mail.py staff_notification); a case's kind in their words.
_KIND_NAMES = {"notice": "notice", "authority_message": "authority message", "appeal": "appeal"}


def staff_new_case(_: Gettext, values: dict[str, str]) -> Content:
    kind = _KIND_NAMES.get(values["kind"], values["kind"])
    return Content(
        subject=f"[portal] New {kind} {values['reference']}"
        + (" (unverified)" if values.get("unverified") == "yes" else ""),
        paragraphs=[
            f"A new {kind} arrived on {values['date']}: {values['reference']}.",
            f"Needs translation: {values['translation_needed']}.",
            *(
                ["UNVERIFIED: the sender has not confirmed the address yet."]
                if values.get("unverified") == "yes"
                else []
            ),
            "Open the case in the cases table to handle it.",
        ],
    )


def staff_recipients_computed(_: Gettext, values: dict[str, str]) -> Content:
    missing = values.get("missing_months") or "none"
    return Content(
        subject=f"[portal] Active recipients computed for {values['period_start']} to {values['period_end']}",
        paragraphs=[
            f"The scheduled count of active recipients (Art. 24(2) DSA) finished on {values['date']}.",
            f"Average monthly active recipients in the Union: {values['average']} ({values['threshold_comparison']} the threshold of 45,000,000).",
            f"Months without any counted recipient: {missing}.",
            f"The record, with the monthly figures per Member State, is kept at {values['location']}.",
            "To publish it: download the record, run `portal recipients publish --result <file>`, review and commit docs/active-recipients.yml.",
        ],
    )


def staff_report_draft(_: Gettext, values: dict[str, str]) -> Content:
    period = f"{values['period_start']} to {values['period_end']}"
    if values["status"] != "ready":
        return Content(
            subject=f"[portal] Transparency report draft for {period} failed",
            paragraphs=[
                f"The draft of the transparency report for {period} (asked by {values['requested_by']}) could not be made: {values['failure']}.",
                "Ask for it again in the staff console; if it fails again, tell the team that runs the portal.",
            ],
        )  # fmt: skip
    return Content(
        subject=f"[portal] Transparency report draft for {period} is ready",
        paragraphs=[
            f"The draft of the transparency report (Art. 15 and 24(1) DSA) for {period}, asked by {values['requested_by']}, was made on {values['date']} from an export of the cases table.",
            f"Files: {values['files']}.",
            "Download them from the staff console (Transparency report drafts), check the figures, and publish the report as the README says (portal report transparency, then a pull request).",
        ],
        link=("Open the staff console", values["console_url"]) if values.get("console_url") else None,
    )  # fmt: skip
