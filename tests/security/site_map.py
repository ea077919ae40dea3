"""The app as an attacker (and a visitor) sees it: its routes, its pages and its forms.

Everything here is derived from ``app.url_map`` and from following the links of the running
app, so routes that features add later are covered without anyone editing these tests.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

from flask import Flask
from sqlalchemy import func, select
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Rule

ORGANISER_PREFIX = "/organiser"
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
# Public pages that no link leads to, with the reason; they are checked where they are reached.
PRIVATE_PAGES = {
    "/registrations/<token>": "a registrant's own page, reached only through the link in their e-mail "
    "(the registration journey checks it in the browser)",
    "/talkshows/<slug>/registered": "the confirmation shown after registering (reached by posting the form)",
    "/registrations/<token>/cancel": "the 'are you sure?' step, reached only from the registrant's own page "
    "(tests/registrations/test_personal_page.py checks it)",
    "/registrations/<token>/delete": "the 'are you sure?' step, reached only from the registrant's own page "
    "(tests/registrations/test_personal_page.py checks it)",
    "/registrations/<token>/evaluation": "the evaluation form, reached only through the registrant's own link "
    "(tests/impact/test_evaluation.py checks it)",
    "/archive/<slug>/files/<int:file_id>": "a file download, not a page; the demo outputs carry no files",
    "/reset-password/<token>": "reached only through the signed link in the password-reset mail "
    "(tests/accounts/test_password_reset.py checks it)",
    "/media/images/<name>": "an uploaded picture, not a page (in <img srcset>); the demo data uploads none "
    "(tests/images and tests/browser/test_image_alt.py check them)",
    "/media/drawn/<name>": "a theme's drawn picture, not a page (in <img src> and og:image; tests/sharing checks it)",
    "/classes/<token>": "a teacher's own page, reached only through the link in the booking mail "
    "(tests/browser/test_class_journey.py checks it)",
    "/classes/join/<join_token>": "the students' join form, reached only through the link the teacher shares "
    "(tests/browser/test_class_journey.py checks it)",
    "/follow/<token>": "a follower's own page, reached only through the link in every follow mail "
    "(tests/follows/test_following.py checks it)",
    "/follow/unsubscribe/<token>": "the unsubscribe step, reached only through a follow mail's List-Unsubscribe "
    "header or link (tests/follows/test_following.py checks it)",
    "/verify/<code>": "reached by typing or following the code printed on a certificate of attendance "
    "(tests/certificates/test_verify.py checks it)",
}
# Organiser pages that no link inside the organiser area leads to, with the reason.
ORGANISER_PRIVATE_PAGES = {
    "/organiser/checkin/<code>": "opened by scanning the QR code on a registrant's invite at the door",
    "/organiser/archive/<int:output_id>/files/<int:file_id>": "a file download, not a page; the demo outputs carry no files",
}
# Public forms that are not on a page a visitor can walk to, with the reason.
PRIVATE_FORMS = {
    "/registrations/<token>/cancel": "only on the registrant's own page; it has no fields besides the CSRF token",
    "/registrations/<token>/delete": "only on the registrant's own page; it has no fields besides the CSRF token",
    "/registrations/<token>/details": "only on the registrant's own page (tests/registrations/test_personal_page.py "
    "posts bad input to it)",
    "/registrations/<token>/evaluation": "only behind the registrant's own link after a talkshow they attended "
    "(tests/impact/test_evaluation.py posts bad input to it)",
    "/classes/join/<join_token>": "only behind the link a teacher shares with the class "
    "(tests/classes/test_pages.py posts bad input to it)",
    "/follow/<token>": "only on the follower's own page, behind the link in every follow mail "
    "(tests/follows/test_following.py posts bad input to it)",
    "/follow/<token>/confirm": "only on the follower's own page (the confirmation button); it has no fields besides "
    "the CSRF token (tests/follows/test_following.py)",
    "/follow/<token>/delete": "only on the follower's own page; it has no fields besides the CSRF token "
    "(tests/follows/test_following.py)",
    "/follow/unsubscribe/<token>": "only behind a follow mail's unsubscribe link; it has no fields besides the "
    "one-click marker (tests/follows/test_following.py)",
    "/reset-password/<token>": "only behind the signed link in the password-reset mail; a forged token answers 400 "
    "before the form is read (tests/accounts/test_password_reset.py)",
}
# HTML documents that are not site pages (no header, footer or skip link by design), with the reason; the walk
# audit checks the page that frames them, not these.
FRAME_DOCUMENTS = {
    "/organiser/mail-templates/<kind>/<language>.html": "a mail's own HTML as a mail program shows it, inside the "
    "frame of /organiser/mail-templates (tests/registrations/test_mail_previews.py checks its content)",
}
# Responses that are not HTML pages: feeds, calendars, open data, files.
NON_PAGE_SUFFIXES = (
    ".ics",
    ".xml",
    ".json",
    ".css",
    ".js",
    ".txt",
    ".csv",
    ".pdf",
    ".png",
    ".svg",
    ".ico",
    ".webmanifest",
)


def view_of(app: Flask, rule: Rule):
    return app.view_functions[rule.endpoint]


def required_roles(app: Flask, rule: Rule) -> tuple:
    return tuple(getattr(view_of(app, rule), "required_roles", ()) or ())


def is_organiser_rule(app: Flask, rule: Rule) -> bool:
    """Organiser area: under /organiser, or guarded by ``role_required`` wherever it lives."""
    return (
        rule.rule == ORGANISER_PREFIX or rule.rule.startswith(ORGANISER_PREFIX + "/") or bool(required_roles(app, rule))
    )


def methods(rule: Rule) -> set[str]:
    return set(rule.methods or ()) - {"HEAD", "OPTIONS"}


def organiser_rules(app: Flask) -> list[Rule]:
    return sorted((r for r in app.url_map.iter_rules() if is_organiser_rule(app, r)), key=lambda r: r.rule)


def state_changing_rules(app: Flask) -> list[Rule]:
    return sorted((r for r in app.url_map.iter_rules() if methods(r) & STATE_CHANGING), key=lambda r: r.rule)


def public_form_rules(app: Flask) -> list[Rule]:
    """POST routes anyone may use (outside the organiser area)."""
    return [r for r in state_changing_rules(app) if not is_organiser_rule(app, r) and r.endpoint != "accounts.logout"]


def is_static_rule(rule: Rule) -> bool:
    """The app's and the blueprints' static files (e.g. Leaflet under /vendor/leaflet)."""
    return rule.endpoint == "static" or rule.endpoint.endswith(".static")


def is_page_rule(rule: Rule) -> bool:
    return (
        "GET" in methods(rule)
        and not is_static_rule(rule)
        and not rule.rule.startswith("/api/")
        and not rule.rule.endswith(NON_PAGE_SUFFIXES)
    )


def public_get_rules(app: Flask) -> list[Rule]:
    """Public GET routes that answer with an HTML page (the language switch only redirects)."""
    return sorted(
        (
            r
            for r in app.url_map.iter_rules()
            if is_page_rule(r) and not is_organiser_rule(app, r) and r.endpoint != "pages.choose_language"
        ),
        key=lambda r: r.rule,
    )


def all_get_rules(app: Flask) -> list[Rule]:
    return sorted((r for r in app.url_map.iter_rules() if "GET" in methods(r)), key=lambda r: r.rule)


def dummy_values(rule: Rule) -> dict[str, Any]:
    """Values that fit each argument's converter; they need not name anything that exists."""
    values: dict[str, Any] = {}
    for name in rule.arguments:
        converter = type(rule._converters[name]).__name__  # noqa: SLF001 - werkzeug keeps converters here only
        if converter in {"IntegerConverter", "IdConverter", "FloatConverter"}:
            values[name] = 1
        elif converter == "AnyConverter":
            values[name] = sorted(rule._converters[name].items)[0]  # noqa: SLF001
        elif converter == "UUIDConverter":
            values[name] = "00000000-0000-0000-0000-000000000001"
        elif rule.endpoint == "static":
            values[name] = "css/app.css"
        elif rule.endpoint == "pages.choose_language":
            values[name] = "en"
        else:
            values[name] = "does-not-exist"
    return values


def dummy_url(app: Flask, rule: Rule) -> str:
    with app.test_request_context():
        adapter = app.url_map.bind("localhost")
        method = sorted(methods(rule))[0]
        return adapter.build(rule.endpoint, dummy_values(rule), method=method)


def rule_id(rule: Rule) -> str:
    return f"{','.join(sorted(methods(rule)))} {rule.rule}"


def count_rows(app: Flask) -> int:
    """All rows in all tables: 'nothing stored' means this number did not change.

    Counted in an app context of its own: a request made while a test holds an app context
    would share its ``g`` (and Flask-Login's cached user) with the next request.
    """
    from talkshow_app.extensions import db

    total = 0
    with app.app_context():
        for table in db.metadata.sorted_tables:
            total += db.session.scalar(select(func.count()).select_from(table)) or 0
        db.session.remove()
    return total


def load_demo_data(app: Flask) -> None:
    from talkshow_app.cli import DEMO_LOADERS

    with app.app_context():
        for loader in DEMO_LOADERS:
            loader()


# --- Following links and finding forms --------------------------------------------------------


@dataclass
class FormField:
    name: str
    kind: str  # input type, "select" or "textarea"
    required: bool = False
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    page: str
    action: str
    method: str
    fields: list[FormField]
    index: int = 0  # position among the page's <form> elements

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields if f.name != "csrf_token"]


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: FormField | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"action": a.get("action", ""), "method": (a.get("method") or "get").upper(), "fields": []}
            self.forms.append(self._form)
        elif self._form is not None and tag in {"input", "textarea", "select", "button"} and a.get("name"):
            kind = "select" if tag == "select" else "textarea" if tag == "textarea" else a.get("type", "text").lower()
            entry = FormField(a["name"], kind, required="required" in a)
            if tag == "input" and kind in {"checkbox", "radio", "hidden", "submit"}:
                entry.options.append(a.get("value", "y"))
            self._form["fields"].append(entry)
            if tag == "select":
                self._select = entry
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


@dataclass
class SiteMap:
    """Real URLs for the app's rules, found by following the links from its argument-free pages."""

    urls: dict[str, str] = field(default_factory=dict)  # rule.rule -> first real URL seen
    pages: list[str] = field(default_factory=list)  # every HTML page fetched
    forms: list[Form] = field(default_factory=list)

    def url_for_rule(self, rule: Rule) -> str | None:
        return self.urls.get(rule.rule)

    def html_pages(self) -> dict[str, str]:
        """One fetched HTML page per rule: rule.rule -> URL."""
        found: dict[str, str] = {}
        for url in self.pages:
            rule = self.rule_of(url)
            if rule is not None:
                found.setdefault(rule, url)
        return found

    def forms_posting_to(self, rule: Rule) -> list[Form]:
        return [f for f in self.forms if f.method == "POST" and self.rule_of(f.action) == rule.rule]

    rule_of_cache: dict[str, str | None] = field(default_factory=dict)
    adapter: Any = None

    def rule_of(self, url: str, method: str = "GET") -> str | None:
        key = f"{method} {url}"
        if key not in self.rule_of_cache:
            parts = urlsplit(url)
            try:
                rule, _ = self.adapter.match(parts.path, method=method, return_rule=True)
                self.rule_of_cache[key] = rule.rule
            except HTTPException:
                self.rule_of_cache[key] = None
        return self.rule_of_cache[key]


def crawl(app: Flask, client, start: list[str] | None = None, max_pages: int = 250, prefix: str = "/") -> SiteMap:
    """Breadth-first over same-site links; keeps one URL per rule and every form it meets.

    ``client`` is a Flask test client (logged in or not), so the same walk serves the public
    site and the organiser area.
    """
    site = SiteMap(adapter=app.url_map.bind("localhost"))
    if start is None:
        start = [dummy_url(app, r) for r in all_get_rules(app) if not r.arguments and is_page_rule(r)]
    queue: deque[str] = deque(start)
    seen: set[str] = set(start)
    pages_per_rule: dict[str, int] = {}
    while queue and len(site.pages) < max_pages:
        url = queue.popleft()
        rule = site.rule_of(url)
        if rule is None:
            continue
        site.urls.setdefault(rule, url)
        response = client.get(url)
        if response.status_code != 200 or not response.mimetype == "text/html":
            continue
        site.pages.append(url)
        parser = _PageParser()
        parser.feed(response.get_data(as_text=True))
        for index, raw in enumerate(parser.forms):
            action = urljoin(url, raw["action"] or url)
            query = urlsplit(action).query
            site.forms.append(
                Form(url, urlsplit(action).path + (f"?{query}" if query else ""), raw["method"], raw["fields"], index)
            )
            if raw["method"] == "POST":
                post_rule = site.rule_of(urlsplit(action).path, "POST")
                if post_rule:
                    site.urls.setdefault(post_rule, urlsplit(action).path)
        for href in parser.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.scheme not in {"", "http", "https"} or parts.netloc not in {"", "localhost"}:
                continue
            if parts.path.startswith(("/static/", "/vendor/", "/language/")) or parts.path == "/logout":
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            link_rule = site.rule_of(parts.path)
            if link_rule is None or link in seen or not parts.path.startswith(prefix):
                continue
            if link_rule not in site.urls and not parts.query:
                site.urls[link_rule] = parts.path
            # A few pages per rule are enough to meet every kind of link and form.
            if pages_per_rule.get(link_rule, 0) >= 3 or parts.query and dict(parse_qsl(parts.query)).get("page"):
                continue
            pages_per_rule[link_rule] = pages_per_rule.get(link_rule, 0) + 1
            seen.add(link)
            queue.append(link)
    return site
