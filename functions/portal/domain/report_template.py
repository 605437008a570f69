"""
The harmonised templates of the transparency report (Implementing Regulation (EU) 2024/2835,
Annex I), as far as an online platform that is not very large fills them in: each sheet's
file name, columns and rows, in the official order and wording, and the Annex II category
tree. What goes into the cells is domain/transparency_report.py's.
"""

from dataclasses import dataclass

from portal.domain.member_states import MEMBER_STATES


@dataclass(frozen=True)
class CategoryRow:
    """A high-level category of Annex II with its keyword sub-rows (label, key, description)."""

    label: str
    key: str
    description: str
    keywords: tuple[tuple[str, str, str], ...]


# Annex I part 2, in its order: categories 1-15 with their keywords, then 16 (orders only)
# and 17 (notices whose type of illegal content the notifier did not specify).
CATEGORY_TREE: tuple[CategoryRow, ...] = (
    CategoryRow(
        "Category 1",
        "STATEMENT_CATEGORY_ANIMAL_WELFARE",
        "Animal welfare",
        (
            ("Category 1a", "KEYWORD_ANIMAL_HARM", "Animal harm"),
            ("Category 1b", "KEYWORD_UNLAWFUL_SALE_ANIMALS", "Unlawful sale of animals"),
            ("Category 1c", "KEYWORD_OTHER", "Not captured by any other sub-category"),
        ),
    ),
    CategoryRow(
        "Category 2",
        "STATEMENT_CATEGORY_CONSUMER_INFORMATION",
        "Consumer information infringements",
        (
            (
                "Category 2a",
                "KEYWORD_HIDDEN_ADVERTISEMENT",
                "Hidden advertisement or commercial communication, including by influencers",
            ),
            (
                "Category 2b",
                "KEYWORD_INSUFFICIENT_INFORMATION_ON_TRADERS",
                "Insufficient information on traders",
            ),
            (
                "Category 2c",
                "KEYWORD_MISLEADING_INFO_GOODS_SERVICES",
                "Misleading information about the characteristics of the goods and services",
            ),
            (
                "Category 2d",
                "KEYWORD_MISLEADING_INFO_CONSUMER_RIGHTS",
                "Misleading information about the consumer’s rights",  # noqa: RUF001 (the official wording)
            ),
            (
                "Category 2e",
                "KEYWORD_NONCOMPLIANCE_PRICING",
                "Non-compliance with pricing regulations",
            ),
            ("Category 2f", "KEYWORD_OTHER", "Not captured by any other sub-category"),
        ),
    ),
    CategoryRow(
        "Category 3",
        "STATEMENT_CATEGORY_CYBER_VIOLENCE",
        "Cyber violence",
        (
            (
                "Category 3a",
                "KEYWORD_CYBER_BULLYING_INTIMIDATION",
                "Cyber bullying and intimidation",
            ),
            ("Category 3b", "KEYWORD_CYBER_HARASSMENT", "Cyber harassment"),
            ("Category 3c", "KEYWORD_CYBER_INCITEMENT", "Cyber incitement to hatred or violence"),
            ("Category 3d", "KEYWORD_CYBER_STALKING", "Cyber stalking"),
            (
                "Category 3e",
                "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING",
                "Non-consensual (intimate) material sharing, including (image-based) sexual abuse (excluding content depicting minors)",
            ),
            (
                "Category 3f",
                "KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE",
                "Non-consensual sharing of material containing deepfake or similar technology using a third party's features (excluding content depicting minors)",
            ),
            ("Category 3g", "KEYWORD_OTHER", "Not captured by any other sub-category"),
        ),
    ),
    CategoryRow(
        "Category 4",
        "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN",
        "Cyber violence against women",
        (
            (
                "Category 4a",
                "KEYWORD_BULLYING_AGAINST_GIRLS",
                "Cyber bullying and intimidation against girls",
            ),
            (
                "Category 4b",
                "KEYWORD_CYBER_HARASSMENT_AGAINST_WOMEN",
                "Cyber harassment against women",
            ),
            ("Category 4c", "KEYWORD_CYBER_STALKING_AGAINST_WOMEN", "Cyber stalking against women"),
            ("Category 4d", "KEYWORD_FEMALE_GENDERED_DISINFORMATION", "Gendered disinformation"),
            (
                "Category 4e",
                "KEYWORD_INCITEMENT_AGAINST_WOMEN",
                "Illegal incitement to violence and hatred against women",
            ),
            (
                "Category 4f",
                "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING_AGAINST_WOMEN",
                "Non-consensual (intimate) material sharing against women, including (image-based) sexual abuse against women (excluding content depicting minors)",
            ),
            (
                "Category 4g",
                "KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE_AGAINST_WOMEN",
                "Non-consensual sharing of material containing deepfake or similar technology using a third party's features against women (excluding content depicting minors)",
            ),
            ("Category 4h", "KEYWORD_OTHER", "Not captured by any other sub-category"),
        ),
    ),
    CategoryRow(
        "Category 5",
        "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
        "Data protection and privacy violations",
        (
            ("Category 5a", "KEYWORD_BIOMETRIC_DATA_BREACH", "Biometric data breach"),
            ("Category 5b", "KEYWORD_DATA_FALSIFICATION", "Data falsification"),
            (
                "Category 5c",
                "KEYWORD_MISSING_PROCESSING_GROUND",
                "Missing processing ground for data",
            ),
            ("Category 5d", "KEYWORD_RIGHT_TO_BE_FORGOTTEN", "Right to be forgotten"),
            ("Category 5e", "KEYWORD_OTHER", "Not captured by any other sub-category"),
        ),
    ),
    CategoryRow(
        "Category 6",
        "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
        "Illegal or harmful speech",
        (
            ("Category 6a", "KEYWORD_DEFAMATION", "Defamation"),
            ("Category 6b", "KEYWORD_DISCRIMINATION", "Discrimination"),
            (
                "Category 6c",
                "KEYWORD_HATE_SPEECH",
                "Illegal incitement to violence and hatred based on protected characteristics (hate speech)",
            ),
            ("Category 6d", "KEYWORD_OTHER", "Not captured by any other sub-category"),
        ),
    ),
    CategoryRow(
        "Category 7",
        "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
        "Intellectual property infringements",
        (
            ("Category 7a", "KEYWORD_COPYRIGHT_INFRINGEMENT", "Copyright infringements"),
            ("Category 7b", "KEYWORD_DESIGN_INFRINGEMENT", "Design infringements"),
            (
                "Category 7c",
                "KEYWORD_GEOGRAPHIC_INDICATIONS_INFRINGEMENT",
                "Geographical indications infringements",
            ),
            ("Category 7d", "KEYWORD_PATENT_INFRINGEMENT", "Patent infringements"),
            ("Category 7e", "KEYWORD_TRADE_SECRET_INFRINGEMENT", "Trade secret infringements"),
            ("Category 7f", "KEYWORD_TRADEMARK_INFRINGEMENT", "Trademark infringements"),
            ("Category 7g", "KEYWORD_OTHER", "Not captured by any other sub-category"),
        ),
    ),
    CategoryRow(
        "Category 8",
        "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
        "Negative effects on civic discourse or elections",
        (
            (
                "Category 8a",
                "KEYWORD_MISINFORMATION_DISINFORMATION",
                "Misinformation, disinformation, foreign information manipulation and interference",
            ),
            (
                "Category 8b",
                "KEYWORD_VIOLATION_EU_LAW",
                "Violation of EU law relevant to civic discourse or elections",
            ),
            (
                "Category 8c",
                "KEYWORD_VIOLATION_NATIONAL_LAW",
                "Violation of national law relevant to civic discourse or elections",
            ),
            ("Category 8d", "KEYWORD_OTHER", "Not captured by any other sub-category"),
        ),
    ),
    CategoryRow(
        "Category 9",
        "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
        "Protection of minors",
        (
            (
                "Category 9a",
                "KEYWORD_AGE_SPECIFIC_RESTRICTIONS_MINORS",
                "Age-specific restrictions concerning minors",
            ),
            ("Category 9b", "KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL", "Child sexual abuse material"),
            (
                "Category 9c",
                "KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL_DEEPFAKE",
                "Child sexual abuse material containing deepfake or similar technology",
            ),
            (
                "Category 9d",
                "KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS",
                "Grooming/sexual enticement of minors",
            ),
            ("Category 9e", "KEYWORD_UNSAFE_CHALLENGES", "Unsafe challenges"),
            ("Category 9f", "KEYWORD_OTHER", "Not captured by any other sub-category"),
        ),
    ),
    CategoryRow(
        "Category 10",
        "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
        "Risk for public security",
        (
            ("Category 10a", "KEYWORD_ILLEGAL_ORGANIZATIONS", "Illegal organizations"),
            ("Category 10b", "KEYWORD_RISK_ENVIRONMENTAL_DAMAGE", "Risk for environmental damage"),
            ("Category 10c", "KEYWORD_RISK_PUBLIC_HEALTH", "Risk for public health"),
            ("Category 10d", "KEYWORD_TERRORIST_CONTENT", "Terrorist content"),
            ("Category 10e", "KEYWORD_OTHER", "Not captured by any other sub-category"),
        ),
    ),
    CategoryRow(
        "Category 11",
        "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
        "Scams and/or fraud",
        (
            (
                "Category 11a",
                "KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING",
                "Impersonation or account hijacking",
            ),
            ("Category 11b", "KEYWORD_INAUTHENTIC_ACCOUNTS", "Inauthentic accounts"),
            ("Category 11c", "KEYWORD_INAUTHENTIC_LISTINGS", "Inauthentic listings"),
            ("Category 11d", "KEYWORD_INAUTHENTIC_USER_REVIEWS", "Inauthentic user reviews"),
            ("Category 11e", "KEYWORD_PHISHING", "Phishing"),
            ("Category 11f", "KEYWORD_PYRAMID_SCHEMES", "Pyramid schemes"),
            ("Category 11g", "KEYWORD_OTHER", "Not captured by any other sub-category"),
        ),
    ),
    CategoryRow(
        "Category 12",
        "STATEMENT_CATEGORY_SELF_HARM",
        "Self-harm",
        (
            (
                "Category 12a",
                "KEYWORD_CONTENT_PROMOTING_EATING_DISORDERS",
                "Content promoting eating disorders",
            ),
            ("Category 12b", "KEYWORD_SELF_MUTILATION", "Self-mutilation"),
            ("Category 12c", "KEYWORD_SUICIDE", "Suicide"),
            ("Category 12d", "KEYWORD_OTHER", "Not captured by any other sub-category"),
        ),
    ),
    CategoryRow(
        "Category 13",
        "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS",
        "Unsafe, non-compliant or prohibited products",
        (
            ("Category 13a", "KEYWORD_PROHIBITED_PRODUCTS", "Prohibited or restricted products"),
            ("Category 13b", "KEYWORD_UNSAFE_PRODUCTS", "Unsafe or non-compliant products"),
            ("Category 13c", "KEYWORD_OTHER", "Not captured by any other sub-category"),
        ),
    ),
    CategoryRow(
        "Category 14",
        "STATEMENT_CATEGORY_VIOLENCE",
        "Violence",
        (
            ("Category 14a", "KEYWORD_COORDINATED_HARM", "Coordinated harm"),
            (
                "Category 14b",
                "KEYWORD_INCITEMENT_VIOLENCE_HATRED",
                "General calls or incitement to violence and/or hatred",
            ),
            ("Category 14c", "KEYWORD_HUMAN_EXPLOITATION", "Human exploitation"),
            ("Category 14d", "KEYWORD_HUMAN_TRAFFICKING", "Human trafficking"),
            ("Category 14e", "KEYWORD_TRAFFICKING_WOMEN_GIRLS", "Trafficking in women and girls"),
            ("Category 14f", "KEYWORD_OTHER", "Not captured by any other sub-category"),
        ),
    ),
    CategoryRow(
        "Category 15",
        "STATEMENT_CATEGORY_OTHER_VIOLATION_TC",
        "Other violation of provider’s terms and conditions",  # noqa: RUF001 (the official wording)
        (
            ("Category 15a", "KEYWORD_ADULT_SEXUAL_MATERIAL", "Adult sexual material"),
            ("Category 15b", "KEYWORD_AGE_SPECIFIC_RESTRICTIONS", "Age-specific restrictions"),
            ("Category 15c", "KEYWORD_GEOGRAPHICAL_REQUIREMENTS", "Geographical requirements"),
            (
                "Category 15d",
                "KEYWORD_GOODS_SERVICES_NOT_PERMITTED",
                "Goods/services not permitted to be offered on the platform",
            ),
            ("Category 15e", "KEYWORD_LANGUAGE_REQUIREMENTS", "Language requirements"),
            ("Category 15f", "KEYWORD_NUDITY", "Nudity"),
            ("Category 15g", "KEYWORD_OTHER", "Not captured by any other sub-category"),
        ),
    ),
    CategoryRow(
        "Category 16",
        "STATEMENT_CATEGORY_NOT_SPECIFIED_ORDER",
        "Type of illegal content not specified by the public authority",
        (),
    ),
    CategoryRow(
        "Category 17",
        "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE",
        "Type of alleged illegal content not specified by the notifier",
        (),
    ),
)

ALL = "All"
HOSTING = "Only for providers of hosting services, including online platforms"
PLATFORMS = "Only for providers of online platforms"
VLOPS = "Only for VLOPs"
OTHER_DESCRIPTION = 'Description of the sub-category "Other"'
PERIOD_COLUMNS = ("Applicability", "Service", "Reporting period")
# Member States as the reports write them: Eurostat's codes (Annex II), EL for Greece.
SCOPES = ("TOTAL", *sorted("EL" if code == "GR" else code for code in MEMBER_STATES))

ORDER_COLUMNS = (
    "Number of orders to act against illegal content received",
    "Number of specific items of information included in the total number of orders to act "
    "against illegal content",
    "Median time to inform the authority of the receipt of the order to act against illegal "
    "content",
    "Median time to give effect to the order to act against illegal content",
    "Number of orders to provide information",
    "Median time to inform the authority of the receipt of the order to provide information",
    "Median time to give effect to the order to provide information",
)
NOTICE_COLUMNS = (
    "Number of notices received ",
    "Number of notices received from Trusted flaggers",
    "Number of specific items of information included in the total number of notices",
    "Number of specific items of information included in the total number of notices by "
    "Trusted Flaggers (Trusted Flagger notices)",
    "Median time to take action",
    "Median time to take action (Trusted Flagger notices)",
    "Number of actions taken on the basis of the law",
    "Number of actions taken on the basis of the law (Trusted Flagger notices)",
    "Number of actions taken on the basis of the terms and conditions of the service",
    "Number of actions taken on the basis of the terms and conditions of the service "
    "(Trusted Flagger notices)",
)
RESTRICTIONS = (
    "Visibility restriction Removal",
    "Visibility restriction Disable",
    "Visibility restriction Demoted",
    "Visibility restriction Age restricted",
    "Visibility restriction Interaction restricted",
    "Visibility restriction Labelled ",
    "Visibility restriction Other",
    "Monetary restriction Suspension",
    "Monetary restriction Termination",
    "Monetary restriction Other",
    "Provision of the service Suspension",
    "Provision of the service Termination",
    "Account restriction Suspension",
    "Account restriction Termination",
)
OWN_INITIATIVE_COLUMNS = (
    "Number of measures taken at the provider's own initiative ",
    "Number of measures taken after detection with solely automated means ",
    *RESTRICTIONS,
)


def contextual(
    columns: tuple[str, ...], prefix: str = "Contextual information on "
) -> tuple[str, ...]:
    return tuple(f"{prefix}{column}" for column in columns)


def category_keys(numbers: tuple[str, ...]) -> list[tuple[str, str]]:
    """(row key, parent category) of the categories labelled `numbers`, keywords after each."""
    keys: list[tuple[str, str]] = []
    for category in CATEGORY_TREE:
        if category.label.removeprefix("Category ") in numbers:
            keys.append((category.key, category.key))
            keys += [(keyword, category.key) for _, keyword, _ in category.keywords]
    return keys


ILLEGAL = tuple(str(number) for number in range(1, 15))
ORDER_CATEGORIES = (*ILLEGAL, "16")
NOTICE_CATEGORIES = (*ILLEGAL, "17")
TERMS_CATEGORIES = (*ILLEGAL, "15")

COMPLAINTS = "Number of complaints submitted to the internal-complaints mechanism"
RESTRICTIONS_AFTER_COMPLAINT = (
    "Number of restrictions newly imposed as a result of an internal complaint"
)
# Art. 20(1)(a)-(d) and decisions not to act on a notice: the complaint's subject.
COMPLAINT_SUBJECTS = {
    "visibility": "Complaint regarding a decision to remove or disable access to or restrict "
    "visibility of information",
    "provision": "Complaint regarding a decision to suspend or terminate the provision of the "
    "service",
    "account": "Complaint regarding a decision to suspend or terminate an account ",
    "monetisation": "Complaint regarding a decision to restrict the ability to monetise "
    "information",
    "no_action": "Complaint regarding a decision not to take action on a notice submitted in "
    "accordance with Article 16",
    "no_action_trusted_flagger": "Complaint regarding a decision not to take action on a notice "
    "submitted by a Trusted Flagger in accordance with Article 16",
}
DISPUTES = "Number of disputes submitted to out-of-court dispute settlement bodies"
SUSPENSIONS = {
    "manifestly_illegal_content": "Number of suspensions enacted for the provision of "
    "manifestly illegal content ",
    "manifestly_unfounded_notices": "Number of suspensions enacted for the provision of "
    "manifestly unfounded notices",
    "manifestly_unfounded_complaints": "Number of suspensions enacted for the provision of "
    "manifestly unfounded complaints",
}
OUTCOME_SCOPES = (
    "Decisions upheld",
    "Decisions partially reversed",
    "Decisions reversed",
    "Median time",
)
INDICATOR_COLUMNS = (
    *PERIOD_COLUMNS,
    "Section",
    "Indicator",
    "Scope",
    "Value",
    "Contextual Information",
)

AUTOMATED_MEASURES = "Number of measures solely taken by automated means "
MANUAL_MEASURES = "Number of measures not taken by automated means"
AUTOMATED_NOTICES = "Number of notices solely processed by automated means "
MANUAL_NOTICES = "Number of notices not processed by automated means"
ACCURACY = (
    "Accuracy of the automated means - Accuracy",
    "Accuracy of the automated means - Precision",
    "Accuracy of the automated means - Recall",
)

IDENTIFICATION = (
    "Name of the service provider",
    "Date of the publication of the report",
    "Date of the publication of the latest previous report",
    "Starting date of reporting period",
    "Ending date of reporting period",
)
QUALITATIVE = {
    "own_initiative_summary": (
        ALL,
        "Summary of the content moderation engaged in at the providers’ own initiative",  # noqa: RUF001 (the official wording)
    ),
    "own_initiative_information": (
        ALL,
        "Meaningful and comprehensible information regarding content moderation engaged in at "
        "the providers' own initiative",
    ),
    "automated_means": (ALL, "Qualitative description of the automated means"),
    "accuracy_and_error": (
        ALL,
        "Qualitative description of indicators of accuracy and possible rate of error of "
        "automated means",
    ),
    "purposes": (ALL, "Specification of the precise purposes to apply automated means"),
    "safeguards": (ALL, "Safeguards applied to the use of automated means"),
    "governance": (VLOPS, "High-level description of the content moderation governance structure"),
    "qualifications": (
        VLOPS,
        "Qualifications of the human resources dedicated to content moderation",
    ),
    "training": (VLOPS, "Training given to human resources dedicated to content moderation"),
    "support": (VLOPS, "Support given to human resources dedicated to content moderation "),
    "methodology": (
        VLOPS,
        "Methodology used to compute the number of human resources dedicated to content "
        "moderation  ",
    ),
}

# File names of the sheets, as Annex I numbers them; 9 and 10 are for very large platforms.
SHEETS = (
    "1_report_identification",
    "2_categories_names",
    "3_member_states_orders",
    "4_notices",
    "5_own_initiative_illegal",
    "6_own_initiative_TC",
    "7_appeals_and_recidivism",
    "8_automated_means",
    "11_qualitative",
)
