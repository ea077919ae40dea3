"""Every public page and every organiser page, in Dutch and English, checked in a real browser.

The page list comes from ``app.url_map``: GET routes without arguments, plus one real URL for
each route with arguments, found by following the links of the demo site (so pages that
features add later are checked without editing this file). On each page: axe-core's WCAG 2.0
and 2.1 A/AA rules, one h1, the skip link, a visible focus indicator, the footer links to the
privacy and accessibility statements, and no sideways scrolling at 320 px.
"""
from __future__ import annotations

import pytest

from tests.security.conftest import collection_app
from tests.security.site_map import (
    FRAME_DOCUMENTS,
    ORGANISER_PRIVATE_PAGES,
    PRIVATE_PAGES,
    crawl,
    dummy_url,
    is_page_rule,
    organiser_rules,
    public_get_rules,
)

from .audit import check_invalid_form, check_page

pytestmark = pytest.mark.browser

APP = collection_app()
LANGUAGES = ["nl", "en"]
PUBLIC_RULES = [rule for rule in public_get_rules(APP) if rule.rule not in PRIVATE_PAGES]
ORGANISER_RULES = [rule for rule in organiser_rules(APP) if is_page_rule(rule)]
ADMIN_EMAIL = "toegankelijkheid-beheer@example.org"


def language_page(browser, live_server, language: str, email: str | None = None):
    from .conftest import log_in, new_context

    context = new_context(browser)
    page = context.new_page()
    if email:
        log_in(page, live_server, email)
    page.goto(live_server.absolute(f"/language/{language}"))
    return context, page


@pytest.fixture(scope="module")
def visitor_pages(browser, live_server):
    pages = {}
    for language in LANGUAGES:
        pages[language] = language_page(browser, live_server, language)
    yield {language: page for language, (_context, page) in pages.items()}
    for context, _page in pages.values():
        context.close()


@pytest.fixture(scope="module")
def organiser(browser, live_server):
    """Admin sessions in both languages, and the organiser area as the admin can walk it."""
    live_server.make_user("admin", ADMIN_EMAIL)
    client = live_server.app.test_client()
    with live_server.app.app_context():
        from talkshow_app.accounts.services import authenticate
        from tests.factories import TEST_PASSWORD

        user_id = authenticate(ADMIN_EMAIL, TEST_PASSWORD).get_id()
    with client.session_transaction() as session:
        session["_user_id"] = user_id
    start = [dummy_url(live_server.app, rule) for rule in ORGANISER_RULES if not rule.arguments]
    site = crawl(live_server.app, client, start=start, max_pages=120, prefix="/organiser")
    pages = {language: language_page(browser, live_server, language, ADMIN_EMAIL) for language in LANGUAGES}
    yield site, {language: page for language, (_context, page) in pages.items()}
    for context, _page in pages.values():
        context.close()


def open_and_check(page, live_server, url: str, language: str) -> list[str]:
    response = page.goto(live_server.absolute(url))
    if response is None or response.status != 200:
        return [f"answered {response and response.status}"]
    # Focus styles come from the shared stylesheet: walking the first stops in one language is enough.
    return check_page(page, url, language, focus_walk=8 if language == "nl" else 0)


def audit_all(page, live_server, urls: list[str], language: str) -> str:
    report = []
    for url in urls:
        problems = open_and_check(page, live_server, url, language)
        if problems:
            report.append(f"== {url} ({language})\n" + "\n".join(problems))
    return "\n".join(report)


def test_every_public_page_is_reached(live_server):
    """The walk below covers every public page: each route is reached, or listed with a reason."""
    reached = live_server.site.html_pages()
    missing = [
        rule.rule
        for rule in PUBLIC_RULES
        if rule.rule not in reached and rule.rule not in live_server.site.urls
    ]
    assert missing == [], f"no link on the demo site leads to {missing}: add demo data, or list them in PRIVATE_PAGES with a reason"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_is_accessible(live_server, visitor_pages, language):
    pages = live_server.site.html_pages()
    urls = [pages[rule.rule] for rule in PUBLIC_RULES if rule.rule in pages]
    assert len(urls) >= 5
    report = audit_all(visitor_pages[language], live_server, urls, language)
    assert report == "", report


def test_every_organiser_page_is_reached(organiser):
    site, _pages = organiser
    missing = [rule.rule for rule in ORGANISER_RULES if rule.rule not in site.html_pages() and rule.rule not in ORGANISER_PRIVATE_PAGES]
    assert missing == [], f"no link in the organiser area leads to a page of {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_organiser_page_is_accessible(live_server, organiser, language):
    site, pages = organiser
    found = site.html_pages()
    urls = [found[rule.rule] for rule in ORGANISER_RULES if rule.rule in found and rule.rule not in FRAME_DOCUMENTS]
    assert urls
    report = audit_all(pages[language], live_server, urls, language)
    assert report == "", report


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_error_page_is_accessible(live_server, visitor_pages, language):
    page = visitor_pages[language]
    response = page.goto(live_server.absolute("/bestaat-niet"))
    assert response.status == 404
    problems = check_page(page, "/bestaat-niet", language)
    assert problems == [], "\n".join(problems)


EMPTY_SUBMIT_JS = """f => {
  for (const el of f.elements) {
    if (el.type === 'checkbox' || el.type === 'radio') el.checked = false;
    else if (['text', 'email', 'url', 'number', 'tel', 'search', 'date', 'datetime-local', 'time', 'textarea', 'password'].includes(el.type)) el.value = '';
  }
  f.noValidate = true;
  f.requestSubmit();
}"""


def forms_with_required_fields(site) -> list:
    """POST forms with at least one required field: submitting them empty is safe and must fail.

    One form per (page route, action route): the same form on another talkshow adds nothing.
    """
    seen, forms = set(), []
    for form in site.forms:
        key = (site.rule_of(form.page.split("?")[0]), site.rule_of(form.action.split("?")[0], "POST"))
        if form.method == "POST" and any(f.required for f in form.fields) and key not in seen:
            seen.add(key)
            forms.append(form)
    return forms


def submit_empty_and_check(page, live_server, form, language: str) -> list[str]:
    page.goto(live_server.absolute(form.page))
    selector = f"form #{form.index + 1} on {form.page} (posting to {form.action})"
    target = page.locator("form").nth(form.index)
    with page.expect_navigation():
        target.evaluate(EMPTY_SUBMIT_JS)
    problems = check_invalid_form(page, selector)
    problems += check_page(page, form.page, language)
    return problems


@pytest.mark.parametrize("language", ["nl"])
def test_public_form_errors_are_tied_to_their_fields(live_server, visitor_pages, language):
    forms = forms_with_required_fields(live_server.site)
    assert "/login" in {form.page for form in forms}
    report = []
    for form in forms:
        problems = submit_empty_and_check(visitor_pages[language], live_server, form, language)
        if problems:
            report.append(f"== {form.page} → {form.action} ({language})\n" + "\n".join(problems))
    assert report == [], "\n".join(report)


@pytest.mark.parametrize("language", ["nl"])
def test_organiser_form_errors_are_tied_to_their_fields(live_server, organiser, language):
    site, pages = organiser
    forms = [form for form in forms_with_required_fields(site) if form.page.startswith("/organiser")]
    assert forms, "the organiser area has no forms with required fields"
    report = []
    for form in forms:
        problems = submit_empty_and_check(pages[language], live_server, form, language)
        if problems:
            report.append(f"== {form.page} → {form.action} ({language})\n" + "\n".join(problems))
    assert report == [], "\n".join(report)
