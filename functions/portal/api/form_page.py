"""
The page a form posted without JavaScript gets back when something is wrong (GOV.UK's
error pattern): "Error:" in the title, a summary of the problems linking to each field,
each message beside its field, and every answer kept. Rendered by Jinja2 with autoescape
on: every answer and message is text, never markup. No inline script or style, so the
site's Content-Security-Policy applies as it is.
"""

from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, Template, select_autoescape

from portal.api.form_fields import PAGES, QUESTIONS, Question
from portal.api.form_posts import CONFIRMATION, FormPost, route_of
from portal.i18n import translations

# The start of every page: the site's stylesheets, the page's language and title.
HEAD = """<!doctype html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{ title }}</title>
<link rel="stylesheet" href="/{{ lang }}/assets/portal.css">
<link rel="stylesheet" href="/{{ lang }}/assets/forms.css">
<link rel="stylesheet" href="/{{ lang }}/assets/form-page.css">
</head>
<body>
<main class="portal-form-page" id="portal-content">
<h1>{{ heading }}</h1>"""
TEMPLATE = (
    HEAD
    + """
<div class="portal-error-summary" role="alert" tabindex="-1" autofocus aria-labelledby="summary-title">
<h2 class="portal-error-summary__title" id="summary-title">{{ t.problem }}</h2>
<ul class="portal-error-summary__list">
{%- for problem in problems %}
<li>{% if problem.target %}<a href="#{{ problem.target }}">{{ problem.summary }}</a>{% else %}{{ problem.summary }}{% endif %}</li>
{%- endfor %}
</ul>
</div>
<form class="portal-form" action="{{ action }}" method="post" novalidate>
<input type="hidden" name="language" value="{{ lang }}">
{%- for q in questions %}
{%- set id = form ~ "-" ~ q.path | replace(".", "-") %}
{%- set error = errors.get(q.path) %}
<div class="portal-field{% if error %} portal-field--error{% endif %}">
{%- if q.kind in ("radio", "checkboxes") %}
<fieldset class="portal-fieldset"{% if q.hint or error %} aria-describedby="{% if q.hint %}{{ id }}-hint {% endif %}{% if error %}{{ id }}-error{% endif %}"{% endif %}>
<legend class="portal-legend">{{ q.label }}{% if not q.required %} <span class="portal-optional">{{ t.optional }}</span>{% endif %}</legend>
{%- if q.hint %}<p class="portal-hint" id="{{ id }}-hint">{{ q.hint }}</p>{% endif %}
{%- if error %}<p class="portal-error" id="{{ id }}-error">{{ error }}</p>{% endif %}
{%- for value, text in q.options %}
<div class="portal-choice">
<input class="portal-choice__input" id="{{ id }}-{{ loop.index }}" name="{{ q.path }}" type="{{ 'radio' if q.kind == 'radio' else 'checkbox' }}" value="{{ value }}"{% if value in answers.get(q.path, []) %} checked{% endif %}>
<label class="portal-choice__label" for="{{ id }}-{{ loop.index }}">{{ text }}</label>
</div>
{%- endfor %}
</fieldset>
{%- elif q.kind == "flag" %}
{%- if error %}<p class="portal-error" id="{{ id }}-error">{{ error }}</p>{% endif %}
<div class="portal-choice">
<input class="portal-choice__input" id="{{ id }}" name="{{ q.path }}" type="checkbox" value="true"{% if "true" in answers.get(q.path, []) %} checked{% endif %}{% if error %} aria-invalid="true" aria-describedby="{{ id }}-error"{% endif %}>
<label class="portal-choice__label" for="{{ id }}">{{ q.label }}</label>
</div>
{%- else %}
<label class="portal-label" for="{{ id }}">{{ q.label }}{% if not q.required %} <span class="portal-optional">{{ t.optional }}</span>{% endif %}</label>
{%- if q.hint %}<p class="portal-hint" id="{{ id }}-hint">{{ q.hint }}</p>{% endif %}
{%- if error %}<p class="portal-error" id="{{ id }}-error">{{ error }}</p>{% endif %}
{%- set described = ((id ~ "-hint ") if q.hint else "") ~ ((id ~ "-error") if error else "") %}
{%- set value = answers.get(q.path, [""])[0] %}
{%- if q.kind == "textarea" %}
<textarea class="portal-textarea" id="{{ id }}" name="{{ q.path }}" rows="{{ 3 if q.path in ('reviews', 'items') else 6 }}"{% if described %} aria-describedby="{{ described | trim }}"{% endif %}{% if error %} aria-invalid="true"{% endif %}>{{ value }}</textarea>
{%- elif q.kind == "select" %}
<select class="portal-select" id="{{ id }}" name="{{ q.path }}"{% if described %} aria-describedby="{{ described | trim }}"{% endif %}{% if error %} aria-invalid="true"{% endif %}>
<option value="">{{ t.choose }}</option>
{%- for code, text in q.options %}
<option value="{{ code }}"{% if code == value %} selected{% endif %}>{{ text }}</option>
{%- endfor %}
</select>
{%- else %}
<input class="portal-input" id="{{ id }}" name="{{ q.path }}" type="{{ q.kind }}" value="{{ value }}"{% if q.autocomplete %} autocomplete="{{ q.autocomplete }}"{% endif %}{% if q.kind == "email" %} spellcheck="false"{% endif %}{% if described %} aria-describedby="{{ described | trim }}"{% endif %}{% if error %} aria-invalid="true"{% endif %}>
{%- endif %}
{%- endif %}
</div>
{%- endfor %}
<div class="portal-honeypot">
<label for="{{ form }}-website">{{ t.honeypot }}</label>
<input id="{{ form }}-website" name="website" type="text" tabindex="-1" autocomplete="off">
</div>
<p class="portal-hint">{{ t.confirm_note }}</p>
<button class="portal-button" type="submit" id="{{ form }}-send">{{ button }}</button>
</form>
<p><a href="/{{ lang }}/{{ page }}">{{ t.back }}</a></p>
</main>
</body>
</html>
"""
)


# The confirmation page's form without JavaScript (site/overrides/partials/forms/
# authority_confirmation.html), answered: confirmed, or the error and the form again.
CONFIRMATION_TEMPLATE = (
    HEAD
    + """
{%- if confirmed %}
<div class="portal-success" role="status" tabindex="-1" autofocus>
<p>{{ confirmed }}</p>
</div>
{%- else %}
<div class="portal-error-summary" role="alert" tabindex="-1" autofocus aria-labelledby="summary-title">
<h2 class="portal-error-summary__title" id="summary-title">{{ t.problem }}</h2>
<ul class="portal-error-summary__list"><li><a href="#confirmation-token">{{ message }}</a></li></ul>
</div>
<form class="portal-form" action="{{ action }}" method="post" novalidate>
<input type="hidden" name="language" value="{{ lang }}">
<div class="portal-field">
<label class="portal-label" for="confirmation-reference">{{ t.reference }}</label>
<input class="portal-input" id="confirmation-reference" name="reference" type="text" value="{{ reference }}" spellcheck="false" autocapitalize="characters">
</div>
<div class="portal-field portal-field--error">
<label class="portal-label" for="confirmation-token">{{ t.code }}</label>
<p class="portal-error" id="confirmation-token-error">{{ message }}</p>
<input class="portal-input" id="confirmation-token" name="token" type="text" spellcheck="false" autocomplete="off" aria-invalid="true" aria-describedby="confirmation-token-error">
</div>
<button class="portal-button" type="submit">{{ t.confirm }}</button>
</form>
{%- endif %}
</main>
</body>
</html>
"""
)


@dataclass(frozen=True)
class Problem:
    summary: str
    target: str  # the id of the control the summary's link focuses; "" for none


@cache
def _template(source: str = TEMPLATE) -> Template:
    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return environment.from_string(source)


def render_confirmation_page(post: FormPost, answer: dict[str, Any]) -> str:
    """
    The answer to the confirmation page's form without JavaScript: `answer` is the
    route's JSON, the confirmed reference or the error.
    """
    gettext = translations(post.language).gettext
    error = answer.get("error") if isinstance(answer.get("error"), dict) else None
    title = gettext("Confirm your address")
    confirmed = ""
    if error is None and answer.get("reference"):
        confirmed = gettext(
            "Your address is confirmed. Your message %(reference)s has reached the team in "
            "charge; we have sent you an acknowledgement."
        ) % {"reference": str(answer["reference"])}
    message = str((error or {}).get("message") or "")
    return _template(CONFIRMATION_TEMPLATE).render(
        lang=post.language,
        title=title if confirmed else gettext("Error: {title}").format(title=title),
        heading=title,
        confirmed=confirmed,
        message=message,
        reference=next((v for v in post.answers.get("reference", []) if v.strip()), ""),
        action=route_of(CONFIRMATION),
        t={
            "problem": gettext("There is a problem"),
            "reference": gettext("Case reference"),
            "code": gettext("Confirmation code"),
            "confirm": gettext("Confirm my address"),
        },
    )


def _question_of(path: str, questions: tuple[Question, ...]) -> Question | None:
    """
    The question an error's path is about: `reviews.2.url` is the reviews box, `appellant`
    (nothing of it answered) its first question.
    """
    parts = path.split(".")
    while parts:
        name = ".".join(parts)
        found = next((q for q in questions if q.path == name), None)
        if found is not None:
            return found
        parts.pop()
    return next((q for q in questions if path and q.path.startswith(f"{path}.")), None)


def _target(form: str, question: Question) -> str:
    control = f"{form}-{question.path.replace('.', '-')}"
    return f"{control}-1" if question.kind in ("radio", "checkboxes") else control


def _on_line(path: str, question: Question, answers: dict[str, list[str]]) -> int | None:
    """The line, as the sender sees it, of an error about one entry of a one-per-line box."""
    rest = path[len(question.path) :].split(".")
    if question.kind != "textarea" or len(rest) < 2 or not rest[1].isdigit():
        return None
    wanted, given = int(rest[1]), -1
    lines = next(iter(answers.get(question.path, [])), "").splitlines()
    for number, line in enumerate(lines, start=1):
        given += 1 if line.strip() else 0
        if given == wanted:
            return number
    return None


def render_error_page(post: FormPost, error: dict[str, Any], language: str) -> str:
    """The form again, in `language`, with `error` (the API's error body) shown."""
    gettext = translations(language).gettext
    questions = QUESTIONS[post.form]
    page, title, button = PAGES[post.form]
    errors: dict[str, str] = {}
    problems: list[Problem] = []
    for field in error.get("fields") or []:
        path, message = str(field.get("field", "")), str(field.get("message", ""))
        question = _question_of(path, questions)
        if question is None:
            problems.append(Problem(message, f"{post.form}-send"))
            continue
        line = _on_line(path, question, post.answers)
        if line is not None:
            message = gettext("Line {number}: {message}").format(number=line, message=message)
        errors.setdefault(question.path, message)
        label = gettext(question.label)
        summary = gettext("{field}: {message}").format(field=label, message=message)
        problems.append(Problem(summary, _target(post.form, question)))
    if not problems:
        problems.append(Problem(str(error.get("message") or ""), f"{post.form}-send"))
    shown = [
        Question(
            q.path,
            gettext(q.label),
            q.kind,
            gettext(q.hint) if q.hint else "",
            tuple(q.options(language)) if callable(q.options) else tuple(
                (value, gettext(text)) for value, text in q.options
            ),
            q.required,
            q.autocomplete,
        )
        for q in questions
    ]  # fmt: skip
    texts = {
        "error": gettext("Error: {title}").format(title=gettext(title)),
        "problem": gettext("There is a problem"),
        "optional": gettext("(optional)"),
        "choose": gettext("Choose…"),
        "honeypot": gettext("Leave this field empty"),
        "back": gettext("Back to the page of the form"),
        "confirm_note": gettext(
            "Sent without JavaScript, the form counts once you open the link we e-mail you "
            "to confirm your address."
        ),
    }
    kept = {path: [v for v in values if v.strip()] for path, values in post.answers.items()}
    return _template().render(
        lang=language,
        form=post.form,
        title=texts["error"],
        heading=gettext(title),
        button=gettext(button),
        page=page,
        action=route_of(post.form),
        questions=shown,
        answers=kept,
        errors=errors,
        problems=problems,
        t=texts,
    )
