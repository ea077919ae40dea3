"""After a failed submit the error summary takes focus and the page title starts with "Fout: " (GOV.UK's pattern)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from talkshow_app.accounts.models import Role


class _Page(HTMLParser):
    """The page's <title> text and the attributes of every element with class error-summary."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.summaries: list[dict[str, str | None]] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "title":
            self._in_title = True
        if "error-summary" in (values.get("class") or "").split():
            self.summaries.append(values)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _page(response) -> _Page:
    page = _Page()
    page.feed(response.get_data(as_text=True))
    return page


def _assert_focused_error_page(response) -> None:
    assert response.status_code == 400
    page = _page(response)
    assert page.title.strip().startswith("Fout: "), page.title
    assert page.summaries, "no error summary"
    first = page.summaries[0]
    assert "autofocus" in first and first.get("tabindex") == "-1"
    assert sum("autofocus" in summary for summary in page.summaries) == 1, "only one element may take focus"


def test_an_invalid_registration_focuses_the_summary_and_says_error_in_the_title(client, make_talkshow):
    talkshow = make_talkshow()
    response = client.post(f"/talkshows/{talkshow.slug}/register", data={"name": "", "email": "geen-adres"})
    _assert_focused_error_page(response)


def test_an_invalid_question_focuses_the_summary_and_says_error_in_the_title(client, db):
    response = client.post("/questions/new", data={"title": ""})
    _assert_focused_error_page(response)


def test_an_invalid_login_focuses_the_summary_and_says_error_in_the_title(client):
    response = client.post("/login", data={"email": "", "password": ""})
    _assert_focused_error_page(response)


def test_an_invalid_organiser_form_focuses_the_summary(client, make_user, login):
    login(make_user(role=Role.ORGANISER))
    _assert_focused_error_page(client.post("/organiser/labs/new", data={"name": ""}))


def test_the_title_is_english_on_an_english_page(client):
    client.get("/language/en")
    page = _page(client.post("/login", data={"email": "", "password": ""}))
    assert page.title.strip().startswith("Error: "), page.title


@pytest.mark.parametrize("url", ["/login", "/questions/new"])
def test_a_fresh_form_page_has_no_prefix_and_no_summary(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    page = _page(response)
    assert not page.title.strip().startswith("Fout"), page.title
    assert page.summaries == []


def test_a_fresh_registration_page_has_no_prefix(client, make_talkshow):
    talkshow = make_talkshow()
    response = client.get(f"/talkshows/{talkshow.slug}/register")
    assert response.status_code == 200
    assert not _page(response).title.strip().startswith("Fout")
