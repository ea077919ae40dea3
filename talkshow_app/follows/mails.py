"""The follower's mails at delivery, and the wiring the app factory calls once (``register``).

Outbox rows hold the follower's id, their link token (the same link in every mail, see ``tokens``)
and, for a digest, the (kind, id) of each publication; the text is made when the mail is sent,
from what is public then.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from flask import current_app

from ..extensions import db
from ..mailing import worker
from ..mailing.previews import register_demo
from ..mailing.rendering import MailParts, RenderError
from ..mailing.rendering import register as register_renderer
from ..series.models import Theme
from ..site import Site
from . import events, sending, subjects, subscribing, tokens
from .models import Follower, SubjectKind


def _follower(context: Mapping[str, Any]) -> Follower:
    follower = db.session.get(Follower, context["follower_id"])
    if follower is None:
        raise RenderError(f"follower {context['follower_id']} no longer exists")
    return follower


def _links(context: Mapping[str, Any], site: Site) -> dict[str, str]:
    token = str(context["token"])
    return {"page_url": tokens.page_url(site, token), "unsubscribe_url": tokens.unsubscribe_url(site, token)}


def render_link_mail(context: Mapping[str, Any], site: Site, calendar_method: str | None) -> MailParts:
    follower = _follower(context)
    values = {
        "follower": follower,
        "themes": follower.themes,
        "stadsdelen": follower.stadsdeel_names,
        "confirm_days": subscribing.CONFIRM_WITHIN.days,
        **_links(context, site),
    }
    return MailParts(values=values)


def render_digest(context: Mapping[str, Any], site: Site, calendar_method: str | None) -> MailParts:
    follower = _follower(context)
    found = subjects.public_subjects((kind, subject_id) for kind, subject_id in context.get("items") or [])
    if not found:
        raise RenderError("none of the publications in this mail is public any more")
    values = {
        "follower": follower,
        "publications": [(subject, site.link(subject.path)) for subject in found],
        "weekly": bool(context.get("weekly")),
        "expires_at": subscribing.expires_at(follower),
        **_links(context, site),
    }
    return MailParts(values=values)


def demo_values(template: str, site: Site, language: str) -> dict[str, Any]:
    """Made-up values for the organisers' preview of the follower's mails (a weekly digest of two publications)."""
    talkshow = subjects.Subject(
        SubjectKind.TALKSHOW,
        1,
        "Wie kent zijn buren nog?",
        "/talkshows/wie-kent-zijn-buren-nog",
        "Over eenzaamheid en burenhulp in Transvaal.",
        datetime(2027, 3, 11, 19, 0, tzinfo=UTC),
        "Wonen",
        "Housing",
    )
    output = subjects.Subject(
        SubjectKind.OUTPUT,
        2,
        "Dia's van de avond over burenhulp",
        "/archive/dias-burenhulp",
        "De presentatie van het Stadslab Moerwijk.",
        None,
        "Wonen",
        "Housing",
    )
    return {
        "themes": [Theme(name="Wonen", name_en="Housing", slug="wonen")],
        "stadsdelen": ["Escamp"],
        "confirm_days": subscribing.CONFIRM_WITHIN.days,
        "publications": [(subject, site.link(subject.path)) for subject in (talkshow, output)],
        "weekly": True,
        "expires_at": datetime(2028, 3, 1, 9, 0, tzinfo=UTC),
        **_links({"token": "voorbeeld-link"}, site),  # nosec B105 - the preview's made-up link, no secret
    }


# The mail worker runs ``flask follows send``'s work at most this often (seconds); 0 turns it off.
DEFAULT_INTERVAL = 60.0
_last_run: dict[str, float] = {}


def worker_task(site: Site) -> None:
    """Fan out new publications and queue due mails, at most every FOLLOW_SEND_INTERVAL seconds."""
    interval = float(current_app.config.get("FOLLOW_SEND_INTERVAL", DEFAULT_INTERVAL))
    if interval <= 0 or time.monotonic() - _last_run.get("send", -interval) < interval:
        return
    _last_run["send"] = time.monotonic()
    sending.run(site, current_app.config["SECRET_KEY"])


def register() -> None:
    """Connect the follower's templates to the outbox, the publish hook to sessions, the task to the worker."""
    register_renderer([subscribing.CONFIRM_TEMPLATE, subscribing.ALREADY_TEMPLATE], render_link_mail)
    register_renderer([sending.DIGEST_TEMPLATE], render_digest)
    register_demo([subscribing.CONFIRM_TEMPLATE, subscribing.ALREADY_TEMPLATE, sending.DIGEST_TEMPLATE], demo_values)
    events.connect()
    worker.add_round_task(worker_task)
