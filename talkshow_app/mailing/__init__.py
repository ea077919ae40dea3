"""The transactional outbox: every feature's e-mail is a row stored with the change that causes it."""

from __future__ import annotations

from flask import Flask, Response

from . import services


def init_app(app: Flask) -> None:
    """Deliver, after each response is built, what that request's transactions committed to the outbox.

    App-wide, whichever feature queued the mail; a failed delivery stays queued for the worker.
    With ``MAIL_SEND_AFTER_REQUEST`` false requests only queue, and ``flask mail worker`` delivers.
    """
    app.config.setdefault("MAIL_SEND_AFTER_REQUEST", False)

    @app.after_request
    def deliver_committed_mail(response: Response) -> Response:
        services.deliver_committed()  # a no-op with MAIL_SEND_AFTER_REQUEST false (see services.deliver)
        return response
