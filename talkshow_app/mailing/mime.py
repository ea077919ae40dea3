"""From an outbox row to the bytes on the wire: the MIME tree, and Flask-Mail's connection with a timeout."""

from __future__ import annotations

import io
import smtplib
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import TYPE_CHECKING, cast

import flask_mail
import segno
from flask import current_app

from ..site import Site
from .models import OutboxMessage

if TYPE_CHECKING:  # rendering imports QR_CONTENT_ID from here
    from .rendering import RenderedMail

QR_CONTENT_ID = "checkin-qr"


class Connection(flask_mail.Connection):
    """Flask-Mail's connection with a socket timeout, so a silent mail server cannot hang a request."""

    def configure_host(self) -> smtplib.SMTP | smtplib.SMTP_SSL:
        timeout = current_app.config.get("MAIL_TIMEOUT_SECONDS", 10)
        state = self.mail
        host: smtplib.SMTP | smtplib.SMTP_SSL
        if state.use_ssl:
            host = smtplib.SMTP_SSL(state.server, state.port, timeout=timeout)
        else:
            host = smtplib.SMTP(state.server, state.port, timeout=timeout)
        if state.use_tls:
            host.starttls()
        if state.username and state.password:
            host.login(state.username, state.password)
        return host


class PrebuiltMessage(flask_mail.Message):
    """A Flask-Mail message whose MIME tree was built with the stdlib ``email`` package.

    Flask-Mail can only put text/plain and text/html alternatives in a multipart/mixed
    wrapper and cannot add parameters such as ``method=REQUEST`` to a part's Content-Type,
    nor relate an inline image to the HTML part. Calendar clients only offer "add to
    calendar" for a ``text/calendar; method=…`` alternative, so the tree is built by
    ``build_mime`` and sent through Flask-Mail's connection (and its ``email_dispatched`` signal).
    """

    def __init__(self, mime: EmailMessage, sender: str, recipient: str) -> None:
        super().__init__(subject=str(mime["Subject"]), recipients=[recipient], sender=sender)
        self.mime = mime

    def as_bytes(self) -> bytes:
        return self.mime.as_bytes(policy=policy.SMTP)

    def as_string(self) -> str:
        return self.mime.as_string(policy=policy.SMTP)


def build_mime(message: OutboxMessage, site: Site, rendered: RenderedMail | None = None) -> EmailMessage:
    """multipart/alternative of text, HTML (multipart/related with the QR image) and the calendar part.

    ``rendered`` is the row's text made at delivery (``rendering.render``); without it, the text stored on the row.
    """
    subject, text_body, html_body, calendar = (
        (rendered.subject, rendered.text_body, rendered.html_body, rendered.calendar)
        if rendered is not None
        else (message.subject, message.text_body, message.html_body, message.calendar)
    )
    mime = EmailMessage(policy=policy.SMTP)
    mime["Subject"] = subject
    mime["From"] = site.sender
    mime["To"] = message.to_address
    mime["Date"] = formatdate(localtime=False, usegmt=True)
    mime["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}", domain=site.host)
    mime["Auto-Submitted"] = "auto-generated"
    mime.set_content(text_body, subtype="plain", charset="utf-8")
    mime.add_alternative(html_body, subtype="html", charset="utf-8")
    if message.qr_code_text:
        html_part = cast(list[EmailMessage], mime.get_payload())[-1]  # the HTML alternative, added last
        html_part.add_related(
            _qr_png(message.qr_code_text),
            maintype="image",
            subtype="png",
            cid=f"<{QR_CONTENT_ID}>",
            disposition="inline",
            filename="check-in.png",
        )
    if calendar:
        mime.add_alternative(
            calendar,
            subtype="calendar",
            charset="utf-8",
            params={"method": message.calendar_method or "REQUEST"},
        )
    mime["Content-Language"] = message.language  # after set_content, which drops Content-* headers
    for name, value in (message.headers or {}).items():  # e.g. List-Unsubscribe, checked when queued
        mime[name] = value
    return mime


def prebuilt(message: OutboxMessage, site: Site, rendered: RenderedMail | None = None) -> PrebuiltMessage:
    return PrebuiltMessage(build_mime(message, site, rendered), site.sender, message.to_address)


def _qr_png(text: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()
