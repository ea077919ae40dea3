"""Reading what the registrant received: the secret link and the invite inside a real mail."""
from __future__ import annotations

import re
from email.message import EmailMessage

from icalendar import Calendar

from ..mailing.smtp import text_part

LINK = re.compile(r"https://talkshows\.example\.org/registrations/([A-Za-z0-9_\-]+)")


def token_in(message: EmailMessage) -> str:
    match = LINK.search(text_part(message, "plain") or "")
    assert match, "no personal link in the mail"
    return match.group(1)


def invite_in(message: EmailMessage) -> tuple[str, Calendar] | None:
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return part.get_param("method"), Calendar.from_ical(part.get_content())
    return None


def register(client, slug: str, name: str, email: str, **extra):
    data = {"name": name, "email": email, "consent": "y"} | extra
    return client.post(f"/talkshows/{slug}/register", data=data)
