"""
The sentence shown for each error code, in the sender's language. Codes are stable and
machine-readable; sentences are gettext msgids (translated in locales/). The API answers
with them and the site build gives them to the forms, which show them without a round trip.
"""

from datetime import date
from typing import Any

from portal.i18n import babel_locale, translations


def N_(message: str) -> str:  # noqa: N802 - marks a msgid for extraction, translated later
    return message


ERROR_SENTENCES = {
    # about the request as a whole
    "validation_failed": N_("Some answers need correcting: see the message beside each one."),
    "json_invalid": N_("The request body is not valid JSON: send one JSON object."),
    "json_too_deep": N_("The request nests objects and lists too deeply: at most {limit} levels."),
    "json_duplicate_key": N_("The request gives the same field twice in one object: give each field once."),
    "json_number_too_long": N_("A number in the request is too long: at most {limit} digits."),
    "json_invalid_unicode": N_("The request contains text that is not valid Unicode: a surrogate escape without its pair."),
    "unsupported_media_type": N_("Send the request as JSON, with Content-Type: application/json."),
    "body_too_large": N_("The request is too large: send at most {limit} KB."),
    "submission_id_reused": N_("These answers differ from those already sent under the same submission ID. Send again: they go as a new submission."),
    "submission_in_progress": N_("This submission is still being processed. Try again in a few seconds."),
    "service_unavailable": N_("The service is busy. Please try again in a moment: your submission will be stored only once, however often you send it."),
    "internal_error": N_("Something went wrong on our side, not because of anything you did. Please try again later; if you contact us, quote {request_id}."),
    "not_found": N_("There is nothing at this address: check the link, or start again from the form."),
    "origin_forbidden": N_("Send your request through the portal's own address."),
    # about one field
    "required": N_("Answer this question: it is required."),
    "too_short": N_("Enter at least {min_length} characters."),
    "too_long": N_("Enter at most {max_length} characters."),
    "too_few_items": N_("Give at least {min_length} entries, one per line."),
    "too_many_items": N_("Give at most {max_length} entries, one per line: remove the others."),
    "invalid_choice": N_("Choose one of the options offered."),
    "email_invalid": N_("Enter a valid e-mail address, such as name@example.com."),
    "email_local_part_unsupported": N_("We cannot send e-mail to an address with accents or other special letters before the @. Enter an address that uses only unaccented letters, digits and . _ - + before the @."),
    "url_invalid": N_("Enter a full web address, starting with https://."),
    "date_invalid": N_("Enter a real date, with its day, month and year."),
    "identifier_invalid": N_("This identifier is not valid: reload the page, then send again."),
    "number_invalid": N_("Enter a whole number."),
    "number_too_small": N_("Enter a number of at least {minimum}."),
    "number_too_large": N_("Enter a number of at most {maximum}."),
    "format_invalid": N_("Check this answer: it does not have the form the hint describes."),
    "type_invalid": N_("This answer has the wrong type: send the text, number, list or choice the field expects."),
    "unknown_field": N_("This field is not expected here: remove it."),
    "invalid": N_("Check this answer: it is not valid as given."),
    "control_characters": N_("Remove line breaks and other control characters from this field."),
    "review_url_not_marketplace": N_("Enter the address of a review on one of our sites: {domains}."),
    "review_url_not_https": N_("Enter the review's address as your browser shows it, starting with https://."),
    "review_url_not_plain": N_("Enter the review's address without a user name, password or port number."),
    "review_location_required": N_("Give the review's web address or its review number."),
    "country_unknown": N_("Enter a two-letter country code, such as FR or DE."),
    "good_faith_required": N_("Confirm that you believe in good faith that your report is accurate and complete."),
    "duplicate_values": N_("Choose each option only once."),
    "member_state_required": N_("Choose the Member State of the authority."),
    "member_state_unknown": N_("Choose a Member State of the European Union."),
    "member_state_not_applicable": N_("A Member State is asked of national authorities only: leave it out for the European Commission and the European Board for Digital Services."),
    "reference_invalid": N_("This is not a case reference of ours: check it against our e-mail (it looks like NT-7KQ4-M2XD)."),
    "case_not_found": N_("We have no case with this reference for this e-mail address. Check both against our e-mail."),
    "not_decided_yet": N_("We have not decided on this report yet. Once we tell you our decision, you can appeal against it here."),
    "case_not_a_notice": N_("This reference is not that of a report about a review."),
    "date_in_future": N_("Enter a date that is today or in the past."),
    "review_after_decision": N_("The date of the review must be on or before the date of the decision."),
    "appeal_window_closed": N_("The time limit for an appeal ended on {closed_on}: you can appeal for six months after being told of the decision."),
    "attachment_pending": N_("This file is still being checked. Wait a moment, then send again."),
    "attachment_rejected": N_("This file was refused: only PDF, PNG and JPEG files of up to 10 MB are accepted."),
    "upload_not_found": N_("This file was not found. Upload it again."),
    "attachment_in_use": N_("This file is already attached to a submission. Attach each file once; to send it with another submission, upload it again."),
    "challenge_required": N_("The anti-spam check is missing. Send again: the form prepares a new check and keeps your answers."),
    "challenge_failed": N_("The anti-spam check failed. Send again: the form prepares a new check and keeps your answers."),
    "challenge_expired": N_("The anti-spam check has expired. Send again: the form prepares a new check and keeps your answers."),
    "challenge_reused": N_("The anti-spam check was already used. Send again: the form prepares a new check and keeps your answers."),
    "confirmation_invalid": N_("This confirmation link is not valid. Check that you opened the whole link."),
    "confirmation_expired": N_("This confirmation link has expired. Please send the message again."),
    "file_type_not_allowed": N_("Choose a PDF, PNG or JPEG file: other types are not accepted."),
    "file_too_large": N_("Choose a file of at most 10 MB: this one is larger."),
    "file_empty": N_("This file is empty: choose the file again, or another one."),
    # about a decision staff record
    "already_decided": N_("This case is already decided. Only an upheld appeal changes the decision, by reversing it."),
    "decision_kind_mismatch": N_("This decision does not fit this kind of case."),
    "review_not_in_notice": N_("The report names no review with this number."),
    "review_decided_twice": N_("Decide on each review once."),
    "review_not_decided": N_("Decide on every review the report names."),
    "ground_required": N_("Give the ground for removing or restricting the review: the law it breaks, or the review rules."),
    "date_after_decision": N_("This date cannot be after the decision."),
    "date_out_of_range": N_("Enter a date from {earliest_on} to {latest_on}."),
    "restriction_end_without_restriction": N_("An end date is only for a review whose visibility is restricted."),
    "restriction_end_not_after_decision": N_("The restriction must end after the day of the decision."),
    "personal_data_email": N_("Remove the e-mail address: this text is published in the Transparency Database."),
    "personal_data_number": N_("Remove order, phone and account numbers: this text is published in the Transparency Database."),
    "personal_data_web_address": N_("Remove the web address: this text is published in the Transparency Database."),
    "personal_data_name": N_("Remove the person's name: this text is published in the Transparency Database."),
    "personal_data_quotation": N_("Describe the review in your own words instead of quoting it: this text is published in the Transparency Database."),
    "statement_rule": N_("The statement of reasons would break a rule of the Transparency Database ({rule}): {message}."),
    "appeal_needs_a_person": N_("An appeal is decided by a member of staff, never by an automated process."),
    "no_decision_to_reverse": N_("This appeal names no decision of ours that could be reversed."),
    "time_before_decision": N_("This time is before the decision."),
    "time_before_receipt": N_("This time is before the message was received."),
    "time_zone_required": N_("Give the time with its time zone, such as 2026-11-22T10:00:00+01:00."),
    "user_informed_not_confirmed": N_("Tick that the user was informed, or leave out when."),
    # about staff's access to cases
    "staff_unauthenticated": N_("Sign in to the staff console: your session is missing or has expired."),
    "staff_forbidden": N_("Your account is in no staff team (legal or product safety). Ask an administrator to add you to one."),
    "staff_case_not_found": N_("No case of your team has this reference. Check it, or ask the other team."),
    "attachment_not_found": N_("This case has no downloadable attachment with this number: it may still be checked, or have been refused."),
    # about the transparency report's drafts
    "period_reversed": N_("The period ends before it starts: check both days."),
    "period_in_future": N_("The period cannot end after today: choose an earlier last day."),
    "period_too_long": N_("A report covers at most a year: shorten the period."),
    "report_legal_only": N_("Only legal staff make drafts of the transparency report."),
    "cursor_invalid": N_("This page of results is no longer valid: start again from the first page."),
}  # fmt: skip


# Where naming the question says more than the code's general sentence ("Enter your name"
# rather than "Answer this question"), a sentence per field: the key is the field's path
# without list positions (`reviews.2.url` -> `reviews.url`) and the code. The forms look
# the same keys up (site/overrides/assets/forms.js, fieldKey), so both say the same.
FIELD_SENTENCES = {
    # the notice
    ("reviews", "required"): N_("Enter the web address or the number of each review, one per line."),
    ("reviews", "too_few_items"): N_("Enter the web address or the number of each review, one per line."),
    ("reviews", "too_many_items"): N_("Enter at most {max_length} reviews, one per line: send the others in a second report."),
    ("reviews.url", "url_invalid"): N_("Enter the review's full web address, starting with https://."),
    ("reviews.review_id", "format_invalid"): N_("Enter the review number as we show it (4 to 64 letters, digits, - or _), or the review's web address."),
    ("grounds.basis", "required"): N_("Choose why the review should be removed."),
    ("grounds.basis", "invalid_choice"): N_("Choose why the review should be removed."),
    ("grounds.law_or_right", "required"): N_("Enter the law or the right that the review breaks."),
    ("grounds.law_or_right", "too_short"): N_("Enter the law or the right that the review breaks, in at least {min_length} characters."),
    ("grounds.law_or_right", "too_long"): N_("Name the law or the right in at most {max_length} characters, and explain the rest in your explanation."),
    ("grounds.criteria", "required"): N_("Choose at least one rule that the review breaks."),
    ("grounds.criteria", "too_few_items"): N_("Choose at least one rule that the review breaks."),
    ("grounds.good_faith", "required"): N_("Confirm that you believe in good faith that your report is accurate and complete."),
    # the notice and the appeal
    ("explanation", "required"): N_("Enter your explanation."),
    ("explanation", "too_short"): N_("Your explanation is too short: write at least {min_length} characters."),
    ("explanation", "too_long"): N_("Your explanation is too long: shorten it to at most {max_length} characters, or attach it as a document."),
    ("name", "required"): N_("Enter your name."),
    ("name", "too_long"): N_("Enter your name in at most {max_length} characters."),
    ("email", "required"): N_("Enter your e-mail address."),
    ("attachments", "too_many_items"): N_("Attach at most {max_length} files: remove the others."),
    # the appeal
    ("appellant.role", "required"): N_("Choose whether you wrote the review or reported it."),
    ("appellant.decision", "required"): N_("Choose the decision you contest."),
    ("appellant.identified_by", "required"): N_("Choose how we can find our decision: with the case reference or with your order number."),
    ("appellant.case_reference", "required"): N_("Enter the case reference from our e-mail, such as NT-7KQ4-M2XD."),
    ("appellant.order_number", "required"): N_("Enter your order number."),
    ("appellant.order_number", "format_invalid"): N_("Enter the order number as your order confirmation shows it: 4 to 40 letters, digits or dashes."),
    ("appellant.review_date", "required"): N_("Enter the date of your review."),
    ("appellant.review_date", "date_invalid"): N_("Enter the date of your review, with its day, month and year."),
    ("appellant.review_date", "date_in_future"): N_("The date of your review must be today or in the past."),
    ("appellant.informed_on", "required"): N_("Enter the date of our e-mail telling you of the decision."),
    ("appellant.informed_on", "date_invalid"): N_("Enter the date of our e-mail telling you of the decision, with its day, month and year."),
    ("appellant.informed_on", "date_in_future"): N_("The date we told you of the decision must be today or in the past."),
    # the authorities' message
    ("authority_type", "required"): N_("Choose the type of your authority."),
    ("member_state", "required"): N_("Choose the Member State of the authority."),
    ("authority_name", "required"): N_("Enter the name of your authority."),
    ("official_email", "required"): N_("Enter your official e-mail address."),
    ("authority_reference", "required"): N_("Enter your own reference for this case."),
    ("legal_basis", "required"): N_("Choose the legal basis of your message."),
    ("subject", "required"): N_("Enter the subject of your message."),
    ("message", "required"): N_("Enter your message."),
    ("message", "too_short"): N_("Your message is too short: write at least {min_length} characters."),
    ("message_language", "required"): N_("Choose the language of your message."),
    ("items", "too_many_items"): N_("Enter at most {max_length} items of content, one per line: attach a list for the others."),
    ("items", "too_long"): N_("Shorten this line to at most {max_length} characters: one web address or number per line."),
    ("requested_deadline", "date_invalid"): N_("Enter the deadline with its day, month and year."),
}  # fmt: skip


def field_key(path: str) -> str:
    """A field's path without list positions: `reviews.2.url` -> `reviews.url`."""
    return ".".join(part for part in path.split(".") if part and not part.isdigit())


def _long_date(iso_date: str, language: str) -> str:
    # Imported here: few sentences carry a date, and babel's dates cost the cold start.
    from babel.dates import format_date

    return format_date(date.fromisoformat(iso_date), "long", locale=babel_locale(language))


def error_sentence(code: str, language: str, **params: Any) -> str:
    """The localized sentence for an error code, with its parameters filled in."""
    return _filled(ERROR_SENTENCES.get(code, ERROR_SENTENCES["invalid"]), language, params)


def field_error_sentence(code: str, field: str, language: str, **params: Any) -> str:
    """The same for an error on a field (its dotted path): the field's own sentence if any."""
    own = FIELD_SENTENCES.get((field_key(field), code))
    return _filled(own, language, params) if own else error_sentence(code, language, **params)


def _filled(text: str, language: str, params: dict[str, Any]) -> str:
    gettext = translations(language).gettext
    values = {
        key: _long_date(value, language)
        if key.endswith("_on") and isinstance(value, str)
        else value
        for key, value in params.items()
    }
    try:
        return gettext(text).format(**values)
    except (KeyError, IndexError):
        return gettext(text)
