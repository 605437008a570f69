"""
What the decision e-mails say (domain/decision_mails.py builds their values). Each ends
with the ways to contest that are still open to its reader: an internal complaint until a
given day (Art. 20), a certified out-of-court body (Art. 21), and the courts.
"""

import json
from datetime import date, datetime
from typing import Any

from portal.mail.contents import Content, Gettext
from portal.mail.dates import local_datetime, long_date


def _moment(values: dict[str, str], key: str) -> str:
    return local_datetime(datetime.fromisoformat(values[key]), values["language"])


def _day(values: dict[str, str], key: str) -> str:
    return long_date(date.fromisoformat(values[key]), values["language"])


def _criterion(_: Gettext, code: str) -> str:
    names = {
        "advertising": _("advertising"),
        "duplicate": _("posted several times"),
        "off_topic": _("off-topic"),
        "other_product": _("about another product"),
        "competitor": _("encourages buying from a competitor"),
        "offensive": _("offensive, abusive or defamatory content"),
        "false_or_by_seller": _("false or misleading, or written by a seller"),
        "illegal": _("illegal, or links to illegal content"),
        "third_party_rights": _("infringes the rights of others"),
        "identity_theft": _("identity theft"),
        "personal_data": _("personal data or confidential information"),
        "hatred": _("incites hatred, discrimination or violence"),
        "unlawful": _("otherwise breaks the law"),
    }
    return names.get(code, code)


def _outcome(_: Gettext, outcome: str) -> str:
    names = {
        "remove": _("removed"),
        "demote": _("shown lower among the reviews"),
        "label": _("shown with a label"),
        "no_action": _("left as it is"),
    }
    return names.get(outcome, outcome)


def _ground(_: Gettext, item: dict[str, Any]) -> str:
    if item.get("basis") == "illegal_content":
        return _("It is illegal under {law}: {explanation}").format(
            law=item["legal_ground"], explanation=item["explanation"]
        )
    if item.get("basis") == "review_rules":
        criteria = "; ".join(_criterion(_, code) for code in item["criteria"])
        return _("It breaks our review rules ({criteria}): {explanation}").format(
            criteria=criteria, explanation=item["explanation"]
        )
    return _("It breaks neither the law nor our review rules.")


def _redress(_: Gettext, values: dict[str, str], *, complaint: bool = True) -> list[str]:
    paragraphs = []
    if complaint:
        paragraphs.append(
            _("If you disagree, you can contest this decision free of charge with our appeal form until {day}, quoting the reference {reference}: {url}reviews/appeal/").format(
                day=_day(values, "appeal_until"), reference=values["reference"], url=values["site_url"]
            )
        )  # fmt: skip
    paragraphs.append(
        _("You may also turn to an out-of-court dispute settlement body certified under Article 21 of the Digital Services Act, or to the courts: {url}transparency/disputes/").format(
            url=values["site_url"]
        )
    )  # fmt: skip
    return paragraphs


def notice_decided(_: Gettext, values: dict[str, str]) -> Content:
    decisions = json.loads(values["decisions"])
    lines = [
        _("Review {number}: {outcome}. {ground}").format(
            number=item["review"], outcome=_outcome(_, item["outcome"]), ground=_ground(_, item)
        )
        for item in decisions
    ]
    return Content(
        subject=_("Our decision on your report {reference}").format(**values),
        paragraphs=[
            _("Hello,"),
            _("Our staff decided on your report {reference} on {moment}. The reviews are numbered as in your report.").format(
                reference=values["reference"], moment=_moment(values, "decided_at")
            ),
            *lines,
            _("The decision was taken by a person; no automated means decided it."),
            *_redress(_, values),
        ],
    )  # fmt: skip


def _scope(_: Gettext, item: dict[str, Any], language: str) -> str:
    countries = ", ".join(item["territorial_scope"])
    if item.get("restricted_until"):
        until = long_date(date.fromisoformat(item["restricted_until"]), language)
        return _("This applies in {countries} until {day}.").format(countries=countries, day=until)
    return _("This applies in {countries}, without a time limit.").format(countries=countries)


def _automation(_: Gettext, item: dict[str, Any]) -> str:
    detected = (
        _("The review was found by automated means.")
        if item["automated_detection"]
        else _("The review was not found by automated means.")
    )
    decided = {
        "not_automated": _("A person took the decision."),
        "partially": _("A person took the decision, helped by automated means."),
        "fully": _("The decision was taken by automated means."),
    }[item["automated_decision"]]
    return f"{detected} {decided}"


def statement_of_reasons(_: Gettext, values: dict[str, str]) -> Content:
    item = json.loads(values["statement"])
    review = item.get("review_address") or _("review {number} of report {reference}").format(
        number=item["review"], reference=values["reference"]
    )
    source = (
        _("We acted on a notice that the review is illegal.")
        if item["notice_basis"] == "illegal_content"
        else _("We acted on a report that the review breaks our review rules.")
    )
    return Content(
        subject=_("Your review: our decision and its reasons ({reference})").format(**values),
        paragraphs=[
            _("Hello,"),
            _("On {moment} we decided that your review {review} is {outcome}.").format(
                moment=_moment(values, "decided_at"), review=review, outcome=_outcome(_, item["outcome"])
            ),
            _scope(_, item, values["language"]),
            _ground(_, item),
            _("Facts and circumstances: {facts}").format(facts=item["facts"]),
            source,
            _automation(_, item),
            *_redress(_, values),
        ],
    )  # fmt: skip


def appeal_decided(_: Gettext, values: dict[str, str]) -> Content:
    upheld = values["outcome"] == "upheld"
    return Content(
        subject=_("Our decision on your appeal {reference}").format(**values),
        paragraphs=[
            _("Hello,"),
            (
                _("On {moment} a member of our staff decided your appeal {reference}: you are right, and the decision you contested is reversed.")
                if upheld
                else _("On {moment} a member of our staff decided your appeal {reference}: the decision you contested stands.")
            ).format(moment=_moment(values, "decided_at"), reference=values["reference"]),
            _("Our reasons: {reasons}").format(reasons=values["reasons"]),
            _("An appeal is always decided by a person, never by automated means alone."),
            *_redress(_, values, complaint=False),
        ],
    )  # fmt: skip


def decision_reversed(_: Gettext, values: dict[str, str]) -> Content:
    reviews = ", ".join(str(number) for number in json.loads(values["reviews"]))
    return Content(
        subject=_("A decision was reversed ({reference})").format(**values),
        paragraphs=[
            _("Hello,"),
            _("After an appeal, on {moment} we reversed our decision on case {reference}, for the reviews numbered {reviews}.").format(
                moment=_moment(values, "decided_at"), reference=values["reference"], reviews=reviews
            ),
            _("Our reasons: {reasons}").format(reasons=values["reasons"]),
            *_redress(_, values, complaint=False),
        ],
    )  # fmt: skip


def authority_receipt_confirmed(_: Gettext, values: dict[str, str]) -> Content:
    return Content(
        subject=_("Receipt of your message {reference}").format(**values),
        paragraphs=[
            _("Dear Sir or Madam,"),
            _("We confirm that your message {reference} reached the team in charge on {moment}.").format(
                reference=values["reference"], moment=_moment(values, "receipt_confirmed_at")
            ),
            _("We will inform you of the effect given to it, and when. Please quote the reference {reference} in any further correspondence.").format(**values),
        ],
    )  # fmt: skip


def authority_effect_given(_: Gettext, values: dict[str, str]) -> Content:
    return Content(
        subject=_("Effect given to your message {reference}").format(**values),
        paragraphs=[
            _("Dear Sir or Madam,"),
            _("Further to your message {reference}, on {moment} we gave it this effect: {effect}").format(
                reference=values["reference"], moment=_moment(values, "effect_given_at"), effect=values["effect"]
            ),
            _("Please quote the reference {reference} in any further correspondence.").format(**values),
        ],
    )  # fmt: skip
