"""Extra header lines on an outbox row (List-Unsubscribe and friends) arrive as given; injections are refused."""

from __future__ import annotations

import pytest

from talkshow_app.mailing import delivery, services
from talkshow_app.site import current_site

UNSUBSCRIBE = {
    "List-Unsubscribe": "<https://talkshows.example.org/follow/unsubscribe/" + "a" * 43 + ">",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
}


def _queue(**extra):
    return services.queue_mail(
        to="anna@example.org", template="mailing/email/test", language="nl", context={}, site=current_site(), **extra
    )


def test_extra_headers_are_stored_and_arrive_at_the_smtp_server(app, db, smtp):
    message = _queue(headers=UNSUBSCRIBE)
    db.session.commit()
    delivery.flush(ids=[message.id], site=current_site())
    (mail,) = smtp.inbox.to("anna@example.org")
    assert mail["List-Unsubscribe"] == UNSUBSCRIBE["List-Unsubscribe"]
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail["Subject"] and mail.get_all("Subject") == [mail["Subject"]]


def test_a_mail_without_extra_headers_has_none(app, db, smtp):
    message = _queue()
    db.session.commit()
    delivery.flush(ids=[message.id], site=current_site())
    (mail,) = smtp.inbox.to("anna@example.org")
    assert mail["List-Unsubscribe"] is None
    assert message.headers is None


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Note": "a\r\nBcc: stiekem@example.org"},
        {"X-Note\n": "a"},
        {"Bcc": "stiekem@example.org"},
        {"subject": "Another subject"},
        {"Bad:Name": "x"},
        {"": "x"},
    ],
)
def test_headers_that_inject_or_replace_are_refused(app, db, headers):
    with pytest.raises(services.MailError):
        _queue(headers=headers)
