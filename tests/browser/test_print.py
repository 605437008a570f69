"""
Printing a page (issue 12, point 5): on paper it names the company, its address, the
version and the effective date; a form prints as its questions, without buttons or menus.
"""

from playwright.sync_api import Page, expect


def test_a_printed_page_names_company_address_version_and_date(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/fr/platform/ranking/")
    source = page.locator(".portal-print-source")
    version = page.locator(".portal-dates .portal-print-only")
    expect(source).to_be_hidden()  # on screen the page says it elsewhere

    page.emulate_media(media="print")

    expect(source).to_be_visible()
    expect(source).to_contain_text("JUNG S.A.S.")
    expect(source).to_contain_text("https://legal.backmarket.example/fr/platform/ranking/")
    expect(version).to_be_visible()
    expect(version).to_contain_text("Version")
    expect(page.locator(".portal-dates time").first).to_be_visible()  # the effective date
    colon = page.locator(".portal-dates dt").first.evaluate(
        "dt => getComputedStyle(dt, '::after').content"
    )
    assert colon == '"\u00a0:"'  # French: a no-break space before the colon
    expect(page.locator(".md-header")).to_be_hidden()
    expect(page.locator(".portal-pdf")).to_be_hidden()


def test_a_printed_form_shows_its_questions_and_no_button(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/en/reviews/report/")
    form = page.locator("form.portal-form")
    questions = form.locator("label:visible, legend:visible")
    buttons = page.locator("button:visible, [type=submit]:visible")
    expect(form.locator("button[type=submit]")).to_be_visible()

    page.emulate_media(media="print")

    assert questions.count() >= 5
    assert buttons.count() == 0
    expect(page.locator(".portal-print-source")).to_contain_text("JUNG S.A.S.")
    expect(page.locator(".md-search")).to_be_hidden()
