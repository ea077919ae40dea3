"""From an outbox row to the mail's text, when it is sent: each template's renderer, registered by its feature.

A row stores what to send (template, language, a JSON context of plain values, the calendar kind
and the QR text), never the text: rendering (templates, the calendar invite, database reads for
what the mail is about) happens at delivery, outside the transaction that queued the mail and
outside any visitor's request when the worker sends. Mailing knows no feature: a feature
registers, for each of its templates, a function that turns the stored context and the ``Site``
into the template's values and, when the row asks for one (``calendar_method``), the invite text.
A renderer raises ``RenderError`` when what the mail is about is gone; the row then fails with
that reason and the others are sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from flask import render_template
from flask_babel import force_locale

from ..site import Site
from .mime import QR_CONTENT_ID
from .models import OutboxMessage


@dataclass(frozen=True)
class MailParts:
    """What a renderer gives back: the template's values, and the calendar text when the row asks for one."""

    values: Mapping[str, Any] = field(default_factory=dict)
    calendar: str | None = None


class Renderer(Protocol):
    def __call__(self, context: Mapping[str, Any], site: Site, calendar_method: str | None) -> MailParts: ...


R = TypeVar("R", bound=Renderer)


class RenderError(Exception):
    """This mail cannot be made (what it is about is gone); its row fails with this reason."""


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text_body: str
    html_body: str
    calendar: str | None


_RENDERERS: dict[str, Renderer] = {}


def register(templates: Iterable[str], renderer: Renderer) -> None:
    """Let ``renderer`` make the values of these templates (``templates/<name>.subject.txt|.txt|.html``)."""
    for template in templates:
        _RENDERERS[template] = renderer


def renders(*templates: str) -> Callable[[R], R]:
    """Decorator form of ``register``."""

    def decorator(renderer: R) -> R:
        register(templates, renderer)
        return renderer

    return decorator


def is_registered(template: str) -> bool:
    return template in _RENDERERS


def registered_templates() -> set[str]:
    return set(_RENDERERS)


def plain(context: Mapping[str, Any], site: Site, calendar_method: str | None) -> MailParts:
    """For templates whose stored context already is their values (plain strings and numbers)."""
    return MailParts(values=dict(context))


def render(message: OutboxMessage, site: Site) -> RenderedMail:
    """The row's subject, bodies and invite, rendered now in its language (rows from before 0007: as stored)."""
    if message.template is None:
        return RenderedMail(message.subject, message.text_body, message.html_body, message.calendar)
    renderer = _RENDERERS.get(message.template)
    if renderer is None:
        raise RenderError(f"no renderer is registered for the template {message.template!r}")
    with force_locale(message.language):
        parts = renderer(message.context or {}, site, message.calendar_method)
        values = dict(
            parts.values,
            site=site,
            language=message.language,
            qr_content_id=QR_CONTENT_ID if message.qr_code_text else None,
        )
        subject = render_template(f"{message.template}.subject.txt", **values)
        text_body = render_template(f"{message.template}.txt", **values)
        html_body = render_template(f"{message.template}.html", **values)
    return RenderedMail(
        subject=re.sub(r"\s+", " ", subject).strip()[:300],
        text_body=text_body.strip() + "\n",
        html_body=html_body,
        calendar=parts.calendar if parts.calendar is not None else message.calendar,
    )


# Mailing's own template (``flask mail test``): its context is its values.
register(["mailing/email/test"], plain)
