"""The proposer's mails, rendered at delivery from plain values (name, title, the output's slug, the reason)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..mailing.previews import register_demo
from ..mailing.rendering import MailParts
from ..mailing.rendering import register as register_renderer
from ..site import Site

RECEIPT = "proposals/email/receipt"
PUBLISHED = "proposals/email/published"
RETURNED = "proposals/email/returned"


def render(context: Mapping[str, Any], site: Site, calendar_method: str | None) -> MailParts:
    values = dict(context)
    if values.get("slug"):
        values["url"] = site.link(f"/archive/{values['slug']}")
    values["propose_url"] = site.link("/archive/propose")
    return MailParts(values=values)


def demo_values(template: str, site: Site, language: str) -> dict[str, Any]:
    """Made-up values for the organisers' preview of the proposer's mails."""
    context = {
        "name": "Thomas Bakker",
        "title": "Verslag: de buurttuin als ontmoetingsplek",
        "slug": "verslag-buurttuin",
        "reason": "Voeg graag een korte samenvatting en de datum van de bijeenkomst toe.",
    }
    return dict(render(context, site, None).values)


def register() -> None:
    """Connect the proposer's templates to the outbox (idempotent)."""
    register_renderer([RECEIPT, PUBLISHED, RETURNED], render)
    register_demo([RECEIPT, PUBLISHED, RETURNED], demo_values)
