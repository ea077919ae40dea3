"""Done-when, end to end: register, mail at a real SMTP server, open the link, cancel, the next in line is promoted."""
from __future__ import annotations

from sqlalchemy import select

from talkshow_app.registrations.models import Registration, RegistrationStatus

from ..mailing.smtp import text_part
from .helpers import invite_in, register, token_in


def test_newcomer_registers_cancels_and_the_first_waitlisted_is_promoted(client, db, smtp, make_talkshow):
    talkshow = make_talkshow(capacity=1, slug="wijken", title="Samen in de wijk")

    response = register(client, "wijken", "Anna de Vries", "anna@example.org")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/talkshows/wijken/registered")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Controleer uw e-mail" in page

    (confirmation,) = smtp.inbox.to("anna@example.org")
    assert "bevestigd" in confirmation["Subject"]
    assert "Samen in de wijk" in text_part(confirmation, "plain")
    method, calendar = invite_in(confirmation)
    assert method == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert "anna@example.org" in str(event["ATTENDEE"]).lower()
    anna_token = token_in(confirmation)

    register(client, "wijken", "Bram Jansen", "bram@example.org")
    register(client, "wijken", "Chaima Bakker", "chaima@example.org")
    (bram_waiting,) = smtp.inbox.to("bram@example.org")
    assert "wachtlijst" in bram_waiting["Subject"]
    assert invite_in(bram_waiting) is None, "no invite without a seat"

    own_page = client.get(f"/registrations/{anna_token}")
    assert own_page.status_code == 200
    assert own_page.headers["Referrer-Policy"] == "same-origin"
    assert "Bevestigd" in own_page.get_data(as_text=True)

    cancelled = client.post(f"/registrations/{anna_token}/cancel")
    assert cancelled.status_code == 303
    after = client.get(f"/registrations/{anna_token}").get_data(as_text=True)
    assert "Geannuleerd" in after

    anna_mails = smtp.inbox.to("anna@example.org")
    assert len(anna_mails) == 2
    assert invite_in(anna_mails[1])[0] == "CANCEL"

    bram_mails = smtp.inbox.to("bram@example.org")
    assert len(bram_mails) == 2
    promoted = bram_mails[1]
    assert "vrijgekomen" in promoted["Subject"]
    assert invite_in(promoted)[0] == "REQUEST"
    assert client.get(f"/registrations/{token_in(promoted)}").get_data(as_text=True).count("Bevestigd") >= 1
    assert len(smtp.inbox.to("chaima@example.org")) == 1, "only the first in line moves up"

    statuses = {r.email: r.status for r in db.session.scalars(select(Registration))}
    assert statuses == {
        "anna@example.org": RegistrationStatus.CANCELLED,
        "bram@example.org": RegistrationStatus.CONFIRMED,
        "chaima@example.org": RegistrationStatus.WAITLISTED,
    }
    api = client.get("/api/talkshows/wijken").get_json()
    assert (api["seats_taken"], api["waitlist_count"]) == (1, 1)
