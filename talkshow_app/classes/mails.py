"""The teacher's mails: the booking (with both links) and the notice a day before unused seats are released.

Queued in the outbox inside the use case's transaction with plain values; rendered at delivery.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ..extensions import db
from ..mailing import services as mailing
from ..mailing.models import OutboxMessage
from ..mailing.previews import register_demo
from ..mailing.rendering import MailParts, RenderError
from ..mailing.rendering import register as register_renderer
from ..registrations.mails import demo_talkshow
from ..series.models import Talkshow
from ..site import Site
from .models import ClassBlock

KINDS = ("booked", "release_soon")


def template(kind: str) -> str:
    return f"classes/email/{kind}"


def queue(kind: str, block: ClassBlock, site: Site, **context: Any) -> OutboxMessage:
    """Queue one of the teacher's mails; ``token`` (the raw secret of the teacher's page) only in "booked"."""
    return mailing.queue_mail(
        to=block.teacher_email,
        template=template(kind),
        language=block.language,
        context={"block_id": block.id, **context},
        site=site,
    )


def render_class_mail(context: Mapping[str, Any], site: Site, calendar_method: str | None) -> MailParts:
    block = db.session.get(ClassBlock, context["block_id"])
    if block is None:
        raise RenderError(f"class block {context['block_id']} no longer exists")
    talkshow = db.session.get(Talkshow, block.talkshow_id)
    token = context.get("token")
    release_at = context.get("release_at")
    values = {
        "block": block,
        "talkshow": talkshow,
        "talkshow_url": site.link(f"/talkshows/{talkshow.slug}") if talkshow else "",
        "teacher_url": site.link(f"/classes/{token}") if token else None,
        "join_url": site.link(f"/classes/join/{context['join_token']}") if context.get("join_token") else None,
        "release_at": datetime.fromisoformat(release_at) if release_at else None,
    }
    return MailParts(values=values, calendar=None)


def demo_values(name: str, site: Site, language: str) -> dict[str, Any]:
    """Made-up values for the organisers' preview of the teacher's mails (the booking: seats held)."""
    block = ClassBlock(
        course="Sociologie jaar 2",
        institution="De Haagse Hogeschool",
        seats=24,
        joined=17,
        waitlisted=False,
        teacher_name="Karim Haddou",
        teacher_email="k.haddou@example.org",
        language=language,
    )
    return {
        "block": block,
        "talkshow": (talkshow := demo_talkshow()),
        "talkshow_url": site.link(f"/talkshows/{talkshow.slug}"),
        "teacher_url": site.link("/classes/voorbeeld-link"),
        "join_url": site.link("/classes/join/voorbeeld-link"),
        "release_at": datetime(2027, 3, 10, 12, 0, tzinfo=UTC),
    }


def register() -> None:
    """Connect the teacher's templates to the mail outbox and the preview page (idempotent)."""
    register_renderer([template(kind) for kind in KINDS], render_class_mail)
    register_demo([template(kind) for kind in KINDS], demo_values)
