"""Every mail about a registration carries the person's own working link; registering twice says what happened."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from talkshow_app.accounts.models import Role
from talkshow_app.mailing.services import flush
from talkshow_app.registrations.models import Registration
from talkshow_app.series import scheduling as series

from ..mailing.smtp import text_part
from .helpers import register, token_in
from .test_series_changes import _edit

RENEWED = "Uw persoonlijke link is vernieuwd; de link uit eerdere mails werkt niet meer."


def _plain(message) -> str:
    return text_part(message, "plain") or ""


def _works(client, token: str) -> bool:
    return client.get(f"/registrations/{token}").status_code == 200


def test_the_changed_mail_carries_a_new_working_link_and_says_the_old_one_stopped(
    client, db, smtp, make_talkshow, make_user
):
    talkshow = make_talkshow(slug="verplaatst", capacity=1)
    for i in range(2):  # one seat holder, one on the waiting list
        assert register(client, "verplaatst", f"Persoon {i}", f"v{i}@example.org").status_code == 303
    old = {i: token_in(smtp.inbox.to(f"v{i}@example.org")[-1]) for i in range(2)}
    later = talkshow.starts_at + timedelta(days=1)

    series.update_talkshow(
        talkshow.id, _edit(talkshow, starts_at=later, ends_at=later + timedelta(hours=2)), make_user(Role.ORGANISER)
    )
    flush()  # outside a request: the worker's send

    for i in range(2):
        changed = smtp.inbox.to(f"v{i}@example.org")[-1]
        assert "Gewijzigd" in changed["Subject"]
        assert "persoonlijke pagina" in _plain(changed) and RENEWED in _plain(changed)
        new = token_in(changed)
        assert new != old[i] and _works(client, new)
        assert not _works(client, old[i]), "only the newest link works (only its hash is stored)"


def test_cancelling_yourself_mails_the_link_you_used_and_it_keeps_working(client, db, smtp, make_talkshow):
    make_talkshow(slug="zelf", capacity=5)
    assert register(client, "zelf", "Anna", "anna@example.org").status_code == 303
    token = token_in(smtp.inbox.to("anna@example.org")[-1])

    response = client.post(f"/registrations/{token}/cancel")
    assert response.status_code == 303
    assert client.get(response.headers["Location"]).status_code == 200, "the page after cancelling still opens"

    cancelled = smtp.inbox.to("anna@example.org")[-1]
    assert "geannuleerd" in cancelled["Subject"]
    assert token_in(cancelled) == token and _works(client, token)
    assert RENEWED not in _plain(cancelled)


def test_cancelled_by_the_organisers_and_promoted_mails_carry_working_links(
    client, db, smtp, make_user, login, make_talkshow
):
    login(make_user(Role.ORGANISER))
    talkshow = make_talkshow(capacity=1, slug="hand-link")
    base = f"/organiser/talkshows/{talkshow.id}/registrations"
    add = {"add-name": "Anna", "add-email": "anna@example.org", "add-consent": "y"}
    assert client.post(base + "/add", data=add).status_code == 303
    assert client.post(base + "/add", data=add | {"add-name": "Bram", "add-email": "bram@example.org"}).status_code == 303
    anna_old = token_in(smtp.inbox.to("anna@example.org")[-1])
    bram_old = token_in(smtp.inbox.to("bram@example.org")[-1])
    anna = db.session.scalar(select(Registration).where(Registration.email == "anna@example.org"))

    assert client.post(f"{base}/{anna.id}/cancel").status_code == 303

    cancelled = smtp.inbox.to("anna@example.org")[-1]
    assert "organisatie" in _plain(cancelled) and RENEWED in _plain(cancelled)
    assert _works(client, token_in(cancelled)) and not _works(client, anna_old)
    promoted = smtp.inbox.to("bram@example.org")[-1]
    assert "vrijgekomen" in promoted["Subject"] and RENEWED in _plain(promoted)
    assert _works(client, token_in(promoted)) and not _works(client, bram_old)


def test_registering_twice_says_you_were_already_registered_not_that_you_asked_for_your_link(
    client, db, smtp, make_talkshow
):
    make_talkshow(slug="dubbel", title="Dubbel Gesprek", capacity=5)
    assert register(client, "dubbel", "Anna", "anna@example.org").status_code == 303
    assert register(client, "dubbel", "Anna", "ANNA@example.org").status_code == 303

    again = smtp.inbox.to("anna@example.org")[-1]
    assert "U was al aangemeld voor Dubbel Gesprek; hier is uw persoonlijke link." in _plain(again)
    assert "opgevraagd" not in _plain(again)
    assert _works(client, token_in(again))
    assert db.session.scalar(select(Registration).where(Registration.email_key == "anna@example.org")) is not None

    # Asking for the link (the resend form) still says that.
    assert client.post("/talkshows/dubbel/resend", data={"resend-email": "anna@example.org"}).status_code == 303
    resent = smtp.inbox.to("anna@example.org")[-1]
    assert "al aangemeld voor Dubbel Gesprek" not in _plain(resent) and _works(client, token_in(resent))
