"""
The questions of each form, as the page that shows a form posted without JavaScript again
(api/form_page.py) asks them: every option at once, since no script hides the ones that do
not apply. Labels are the msgids of the site's form partials (site/overrides/partials/
forms/), so that both read the same in every language; mirror a change of wording there.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from portal.error_sentences import N_
from portal.i18n import eu_languages, member_states

Kind = Literal["text", "email", "date", "textarea", "select", "radio", "checkboxes", "flag"]
# (value, label msgid); a localized list is made per language.
Options = tuple[tuple[str, str], ...] | Callable[[str], list[tuple[str, str]]]


@dataclass(frozen=True)
class Question:
    path: str  # the field of the JSON request (api/form_posts.py maps the answers)
    label: str
    kind: Kind = "text"
    hint: str = ""
    options: Options = ()
    required: bool = True
    autocomplete: str = ""


NAME = Question("name", N_("Your name"), autocomplete="name")
EMAIL = Question(
    "email",
    N_("Your e-mail address"),
    "email",
    N_("We send the acknowledgement and our decision to this address."),
    autocomplete="email",
)

NOTICE = (
    Question(
        "grounds.basis",
        N_("Why should the review be removed?"),
        "radio",
        options=(
            ("illegal_content", N_("The review is illegal")),
            ("review_rules", N_("The review breaks the review rules")),
        ),
    ),
    Question(
        "grounds.law_or_right",
        N_("Which law or right does the review break?"),
        hint=N_("For example: defamation, the right to one's image, a trade mark."),
    ),
    Question(
        "grounds.country",
        N_("Country whose law applies"),
        "select",
        options=member_states,
        required=False,
    ),
    Question(
        "grounds.good_faith",
        N_(
            "I believe in good faith that the information and statements in this report are accurate and complete."
        ),
        "flag",
    ),
    Question(
        "grounds.criteria",
        N_("Which moderation criteria does the review or a photo meet?"),
        "checkboxes",
        N_("Choose all that apply."),
        options=(
            ("advertising", N_("Advertises something or contains advertising")),
            ("duplicate", N_("Is posted several times, or from several accounts")),
            (
                "off_topic",
                N_(
                    "Is off-topic, for example about the buying experience or something other than the product bought"
                ),
            ),
            ("other_product", N_("Is about another product")),
            ("competitor", N_("Encourages buying from a competitor")),
            (
                "offensive",
                N_(
                    "Contains political or social statements, or abusive, obscene, offensive, sexually explicit or defamatory content, or personal attacks"
                ),
            ),
            ("false_or_by_seller", N_("Is false or misleading, or was written by a seller")),
            ("illegal", N_("Is illegal or links to illegal content")),
            (
                "third_party_rights",
                N_(
                    "Infringes the rights of others, such as image rights, privacy or intellectual property, for example a photo in which a person's face, even in part, can be seen"
                ),
            ),
            ("identity_theft", N_("Results from identity theft")),
            ("personal_data", N_("Contains personal data or confidential information")),
            (
                "hatred",
                N_("Incites hatred, discrimination, homophobia, xenophobia, racism or violence"),
            ),
            ("unlawful", N_("Otherwise breaks the laws and regulations in force")),
        ),
    ),
    Question(
        "reviews",
        N_("Reviews concerned"),
        "textarea",
        N_("One per line: the web address of the review, or its review number."),
    ),
    Question(
        "explanation",
        N_("Your explanation"),
        "textarea",
        N_("Explain precisely what is wrong with the review."),
    ),
    NAME,
    EMAIL,
)

APPEAL = (
    Question(
        "appellant.role",
        N_("Who are you?"),
        "radio",
        options=(
            ("review_author", N_("I wrote the review")),
            ("notifier", N_("I reported a review")),
        ),
    ),
    Question(
        "appellant.decision",
        N_("Which decision do you contest?"),
        "radio",
        options=(
            ("review_removed", N_("My review, or part of it, was removed")),
            ("review_not_published", N_("My review, or part of it, was not published")),
            ("account_blocked", N_("My account was blocked")),
        ),
        required=False,
    ),
    Question(
        "appellant.case_reference",
        N_("Case reference"),
        hint=N_(
            "It is in our e-mails, for example NT-7KQ4-M2XD. Give below the e-mail address you sent the report from."
        ),
        required=False,
    ),
    Question(
        "appellant.order_number",
        N_("Order number"),
        hint=N_("It is in your order confirmation e-mail and under My orders."),
        required=False,
    ),
    Question("appellant.review_date", N_("Date of your review"), "date", required=False),
    Question(
        "appellant.informed_on",
        N_("Date we told you of the decision"),
        "date",
        N_("The date of our e-mail. You can appeal for six months from that day."),
        required=False,
    ),
    Question(
        "explanation",
        N_("Why do you think the decision is wrong?"),
        "textarea",
        N_("Explain what we should look at again."),
    ),
    NAME,
    EMAIL,
)

AUTHORITY_MESSAGE = (
    Question(
        "authority_type",
        N_("Type of authority"),
        "radio",
        options=(
            ("digital_services_coordinator", N_("Digital Services Coordinator")),
            ("member_state_authority", N_("Another authority of a Member State")),
            ("european_commission", N_("European Commission")),
            ("european_board_for_digital_services", N_("European Board for Digital Services")),
            ("market_surveillance_authority", N_("Market surveillance authority (product safety)")),
            ("other_competent_authority", N_("Another competent authority")),
        ),
    ),
    Question("member_state", N_("Member State"), "select", options=member_states),
    Question("authority_name", N_("Name of the authority"), autocomplete="organization"),
    Question(
        "official_email",
        N_("Official e-mail address"),
        "email",
        N_("We send a one-time link to this address to confirm that the message comes from you."),
        autocomplete="email",
    ),
    Question("authority_reference", N_("Your reference")),
    Question(
        "legal_basis",
        N_("Legal basis"),
        "radio",
        options=(
            (
                "order_against_illegal_content",
                N_("An order to act against illegal content (Article 9 DSA)"),
            ),
            ("information_order", N_("An order to provide information (Article 10 DSA)")),
            ("product_safety", N_("Product safety (Article 22 GPSR)")),
            ("other", N_("Another request")),
        ),
    ),
    Question("subject", N_("Subject")),
    Question("message", N_("Message"), "textarea"),
    Question(
        "message_language",
        N_("Language of the message"),
        "select",
        N_(
            "Communications are in English or in French only. A message in another language is flagged for translation."
        ),
        options=eu_languages,
    ),
    Question(
        "items",
        N_("Content concerned"),
        "textarea",
        N_("One per line: web addresses, listing or review numbers."),
        required=False,
    ),
    Question("requested_deadline", N_("Deadline you set"), "date", required=False),
)

QUESTIONS: dict[str, tuple[Question, ...]] = {
    "notice": NOTICE,
    "appeal": APPEAL,
    "authority_message": AUTHORITY_MESSAGE,
}
# Each form's page (the same path in every language) and its title and button.
PAGES = {
    "notice": ("reviews/report/", N_("Report a review"), N_("Send the report")),
    "appeal": ("reviews/appeal/", N_("Appeal a decision"), N_("Send the appeal")),
    "authority_message": (
        "authorities/contact/",
        N_("Contact for authorities"),
        N_("Send the message"),
    ),
}
