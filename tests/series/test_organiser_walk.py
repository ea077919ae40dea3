"""The organiser's walk (issue "Organisers and attendees, walked"): a cancellation is confirmed first and
can say why, a save that mails people says how many, and drafts can be previewed at their public address."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from talkshow_app.accounts.models import Role
from talkshow_app.mailing.models import OutboxMessage
from talkshow_app.series import scheduling
from talkshow_app.series.models import Talkshow, TalkshowStatus

from ..mailing.conftest import smtp  # noqa: F401  (the real SMTP server fixture)
from ..mailing.smtp import SMTPServer, mail_settings, text_part


@pytest.fixture
def app_config(app_config: dict[str, Any], smtp: SMTPServer) -> dict[str, Any]:  # noqa: F811
    return app_config | mail_settings(smtp)


@pytest.fixture
def organiser_client(client, login, organiser):
    login(organiser)
    return client


def _register(client, slug: str, count: int) -> None:
    for i in range(count):
        data = {"name": f"Persoon {i}", "email": f"p{i}@example.org", "consent": "y"}
        assert client.post(f"/talkshows/{slug}/register", data=data).status_code == 303


def _edit_form(talkshow: Talkshow, **overrides: str) -> dict[str, str]:
    local = "%Y-%m-%dT%H:%M"
    from talkshow_app.timezones import LOCAL_TZ

    data = {
        "title": talkshow.title, "theme_id": str(talkshow.theme_id), "summary": "", "description": "",
        "starts_at": talkshow.starts_at.astimezone(LOCAL_TZ).strftime(local),
        "ends_at": talkshow.ends_at.astimezone(LOCAL_TZ).strftime(local),
        "venue_id": str(talkshow.venue_id or 0), "capacity": str(talkshow.capacity), "livestream_url": "",
        "registration_opens_at": "", "registration_closes_at": "",
    }
    return data | overrides


class TestCancelConfirmation:
    def test_the_edit_page_leads_to_a_confirmation_instead_of_cancelling_at_once(self, organiser_client, make_talkshow):
        talkshow = make_talkshow()
        html = organiser_client.get(f"/organiser/talkshows/{talkshow.id}").get_data(as_text=True)
        assert f'href="/organiser/talkshows/{talkshow.id}/cancel/confirm"' in html
        assert f'action="/organiser/talkshows/{talkshow.id}/cancel"' not in html

    def test_the_confirmation_names_the_talkshow_and_how_many_people_get_a_mail(self, client, organiser, login, make_talkshow):
        talkshow = make_talkshow(title="Wie kent zijn buren nog?", slug="buren", capacity=2)
        _register(client, "buren", 3)  # two seats, one on the waiting list
        login(organiser)
        response = client.get(f"/organiser/talkshows/{talkshow.id}/cancel/confirm")
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "Wie kent zijn buren nog?" in html
        assert "3 personen (aangemeld of op de wachtlijst) krijgen meteen een e-mail" in html
        assert '<textarea' in html and 'name="reason"' in html
        assert 'class="button button-danger"' in html and "Ja, annuleer de talkshow" in html
        assert response.status_code == 200 and talkshow.status == TalkshowStatus.PUBLISHED

    def test_nobody_registered_says_nobody_is_mailed(self, organiser_client, make_talkshow):
        talkshow = make_talkshow()
        html = organiser_client.get(f"/organiser/talkshows/{talkshow.id}/cancel/confirm").get_data(as_text=True)
        assert "niemand krijgt een e-mail" in html

    def test_the_reason_reaches_the_mail_and_the_flash_counts_the_people(self, client, db, smtp, organiser, login, make_talkshow):  # noqa: F811
        talkshow = make_talkshow(slug="afgelast", capacity=1)
        _register(client, "afgelast", 2)
        login(organiser)
        response = client.post(
            f"/organiser/talkshows/{talkshow.id}/cancel", data={"reason": "De hoofdgast is ziek."}, follow_redirects=True
        )
        html = response.get_data(as_text=True)
        assert "is geannuleerd" in html and "2 deelnemers krijgen bericht." in html
        db.session.expire_all()
        stored = db.session.get(Talkshow, talkshow.id)
        assert stored.status == TalkshowStatus.CANCELLED and stored.cancellation_reason == "De hoofdgast is ziek."
        for address in ("p0@example.org", "p1@example.org"):
            mail = smtp.inbox.to(address)[-1]
            assert "Geannuleerd" in mail["Subject"]
            assert "Bericht van de organisatie: De hoofdgast is ziek." in text_part(mail, "plain")
            assert "De hoofdgast is ziek." in text_part(mail, "html")

    def test_without_a_reason_the_mail_has_no_message_line(self, client, db, smtp, organiser, login, make_talkshow):  # noqa: F811
        talkshow = make_talkshow(slug="stil")
        _register(client, "stil", 1)
        login(organiser)
        assert client.post(f"/organiser/talkshows/{talkshow.id}/cancel", data={"reason": "  "}).status_code == 302
        assert db.session.get(Talkshow, talkshow.id).cancellation_reason is None
        assert "Bericht van de organisatie" not in text_part(smtp.inbox.to("p0@example.org")[-1], "plain")

    def test_a_too_long_reason_is_refused_and_nothing_changes(self, organiser_client, db, make_talkshow):
        talkshow = make_talkshow()
        response = organiser_client.post(f"/organiser/talkshows/{talkshow.id}/cancel", data={"reason": "x" * 1001})
        assert response.status_code == 400
        assert "De reden mag hoogstens 1000 tekens lang zijn." in response.get_data(as_text=True)
        db.session.expire_all()
        assert db.session.get(Talkshow, talkshow.id).status == TalkshowStatus.PUBLISHED
        assert db.session.scalars(select(OutboxMessage)).all() == []

    def test_an_already_cancelled_talkshow_has_no_confirmation(self, organiser_client, make_talkshow):
        talkshow = make_talkshow(status=TalkshowStatus.CANCELLED)
        response = organiser_client.get(f"/organiser/talkshows/{talkshow.id}/cancel/confirm", follow_redirects=True)
        assert response.status_code == 200 and "is al geannuleerd" in response.get_data(as_text=True)

    def test_editors_and_visitors_cannot_open_the_confirmation(self, client, login, make_user, make_talkshow):
        talkshow = make_talkshow()
        assert client.get(f"/organiser/talkshows/{talkshow.id}/cancel/confirm").status_code == 302
        login(make_user(role=Role.EDITOR))
        assert client.get(f"/organiser/talkshows/{talkshow.id}/cancel/confirm").status_code == 403
        assert client.get("/organiser/talkshows/999/cancel/confirm").status_code == 403


class TestServiceCounts:
    def test_cancelling_sends_the_reason_and_returns_how_many_are_mailed(self, client, db, organiser, make_talkshow, emitted):
        talkshow = make_talkshow(slug="teller", capacity=1)
        _register(client, "teller", 3)
        result = scheduling.cancel_talkshow(talkshow.id, organiser, reason="Storm.")
        assert result.notified == 3 and result.talkshow.id == talkshow.id
        assert emitted[-1][0] == "talkshow-cancelled" and emitted[-1][2] == {"reason": "Storm."}
        assert scheduling.cancel_talkshow(talkshow.id, organiser).notified == 0  # already off: nobody again

    def test_moving_returns_how_many_are_mailed(self, client, db, organiser, make_talkshow):
        talkshow = make_talkshow(slug="verhuizen")
        _register(client, "verhuizen", 2)
        later = talkshow.starts_at + timedelta(days=1)
        data = scheduling.TalkshowInput(
            title=talkshow.title, theme_id=talkshow.theme_id, starts_at=later, ends_at=later + timedelta(hours=2),
            venue_id=talkshow.venue_id, capacity=talkshow.capacity,
        )
        assert scheduling.update_talkshow(talkshow.id, data, organiser).notified == 2


class TestRescheduleFlash:
    def test_a_new_time_says_how_many_participants_are_told(self, client, db, organiser, login, make_talkshow):
        talkshow = make_talkshow(slug="later", capacity=1)
        _register(client, "later", 2)
        login(organiser)
        later = talkshow.starts_at + timedelta(days=2)
        data = _edit_form(talkshow)
        from talkshow_app.timezones import LOCAL_TZ

        data["starts_at"] = later.astimezone(LOCAL_TZ).strftime("%Y-%m-%dT%H:%M")
        data["ends_at"] = (later + timedelta(hours=2)).astimezone(LOCAL_TZ).strftime("%Y-%m-%dT%H:%M")
        response = client.post(f"/organiser/talkshows/{talkshow.id}", data=data, follow_redirects=True)
        html = response.get_data(as_text=True)
        assert "is opgeslagen" in html or "opgeslagen" in html
        assert "2 deelnemers krijgen bericht." in html

    def test_a_change_that_mails_nobody_says_nothing_about_mail(self, client, db, organiser, login, make_talkshow):
        start = (datetime.now(UTC) + timedelta(days=20)).replace(second=0, microsecond=0)
        talkshow = make_talkshow(slug="titel", starts_at=start)
        _register(client, "titel", 1)
        login(organiser)
        response = client.post(
            f"/organiser/talkshows/{talkshow.id}", data=_edit_form(talkshow, title="Nieuwe titel"), follow_redirects=True
        )
        assert response.status_code == 200 and "krijg" not in response.get_data(as_text=True)


class TestDraftPreview:
    def test_organisers_preview_a_draft_with_a_banner_and_no_caching(self, organiser_client, make_talkshow):
        make_talkshow(slug="concept", title="Nog geheim", status=TalkshowStatus.DRAFT)
        response = organiser_client.get("/talkshows/concept?preview=1")
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and "Nog geheim" in html
        assert "Concept — niet openbaar" in html
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Robots-Tag"] == "noindex"
        assert 'name="consent"' not in html and "/talkshows/concept/register" not in html
        assert "Voor deze talkshow kunt u zich niet aanmelden." in html

    def test_the_preview_banner_is_in_english_too(self, organiser_client, make_talkshow):
        make_talkshow(slug="concept-en", status=TalkshowStatus.DRAFT)
        organiser_client.get("/language/en?next=/talkshows")
        html = organiser_client.get("/talkshows/concept-en?preview=1").get_data(as_text=True)
        assert "Draft — not public" in html

    def test_anonymous_visitors_and_editors_still_get_404(self, client, login, make_user, make_talkshow):
        make_talkshow(slug="verborgen", status=TalkshowStatus.DRAFT)
        assert client.get("/talkshows/verborgen?preview=1").status_code == 404
        login(make_user(role=Role.EDITOR))
        assert client.get("/talkshows/verborgen?preview=1").status_code == 404

    def test_the_edit_page_links_to_the_preview_and_without_asking_an_organiser_sees_404(
        self, organiser_client, make_talkshow
    ):
        draft = make_talkshow(slug="link", status=TalkshowStatus.DRAFT)
        html = organiser_client.get(f"/organiser/talkshows/{draft.id}").get_data(as_text=True)
        assert 'href="/talkshows/link?preview=1"' in html
        assert organiser_client.get("/talkshows/link").status_code == 404

    def test_a_published_page_has_no_banner_and_no_preview_headers(self, organiser_client, make_talkshow):
        make_talkshow(slug="open")
        response = organiser_client.get("/talkshows/open?preview=1")
        assert response.status_code == 200
        assert "Concept — niet openbaar" not in response.get_data(as_text=True)
        assert "X-Robots-Tag" not in response.headers

    def test_a_draft_is_not_in_the_open_data_even_for_organisers(self, organiser_client, make_talkshow):
        make_talkshow(slug="geen-api", status=TalkshowStatus.DRAFT)
        assert organiser_client.get("/api/talkshows/geen-api").status_code == 404
