"""The evaluation mail at delivery: from the outbox row's ids and token to the template's values.

Registered with the mail outbox when this module is imported (the impact blueprint imports it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..extensions import db
from ..mailing.previews import register_demo
from ..mailing.rendering import MailParts, RenderError
from ..mailing.rendering import register as register_renderer
from ..registrations.mails import demo_talkshow
from ..registrations.models import Registration
from ..registrations.tokens import manage_url
from ..series.models import Talkshow
from ..site import Site
from .evaluations import TEMPLATE


def evaluation_url(site: Site, token: str) -> str:
    return site.link(f"/registrations/{token}/evaluation")


def render_evaluation_mail(context: Mapping[str, Any], site: Site, calendar_method: str | None) -> MailParts:
    talkshow = db.session.get(Talkshow, context["talkshow_id"])
    registration = db.session.get(Registration, context["registration_id"])
    if talkshow is None or registration is None or registration.is_anonymised:
        raise RenderError(f"registration {context['registration_id']} or its talkshow no longer exists")
    token = str(context["token"])
    return MailParts(
        values={
            "registration": registration,
            "talkshow": talkshow,
            "evaluation_url": evaluation_url(site, token),
            "manage_url": manage_url(site, token),
            "link_replaces_earlier": True,
        }
    )


def demo_values(template: str, site: Site, language: str) -> dict[str, Any]:
    """Made-up values for the organisers' preview of the evaluation mail."""
    return {
        "registration": Registration(name="Sanne de Wit", email="sanne.dewit@example.org", language=language),
        "talkshow": demo_talkshow(),
        "evaluation_url": evaluation_url(site, "voorbeeld-link"),
        "manage_url": manage_url(site, "voorbeeld-link"),
        "link_replaces_earlier": True,
    }


def register() -> None:
    """Connect the evaluation template to the outbox and the preview page (idempotent)."""
    register_renderer([TEMPLATE], render_evaluation_mail)
    register_demo([TEMPLATE], demo_values)


register()
