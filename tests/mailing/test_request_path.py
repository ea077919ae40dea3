"""Production settings (``MAIL_SEND_AFTER_REQUEST=false``): a request never talks to the mail server or renders mail.

The mail server here is a black hole: it accepts TCP connections and never says a word, so a
request that tried to send would hang until the SMTP timeout. The mail is then delivered once,
by the worker or ``flask mail flush``, against a healthy server.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import template_rendered
from sqlalchemy import select

from talkshow_app import create_app
from talkshow_app.extensions import db as _db
from talkshow_app.mailing.models import OutboxMessage, OutboxStatus
from tests.conftest import base_config
from tests.registrations.helpers import register, token_in

from .smtp import SMTPServer, mail_settings, text_part


class BlackHole:
    """A listening socket on 127.0.0.1 that accepts connections, counts them and never answers."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.05)
        self.port = self.socket.getsockname()[1]
        self.accepted = 0
        self.connections: list[socket.socket] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _address = self.socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            self.connections.append(connection)  # held open, silent

    def close(self) -> None:
        self.stopping.set()
        self.thread.join(5)
        for connection in self.connections:
            connection.close()
        self.socket.close()


@pytest.fixture
def black_hole() -> Iterator[BlackHole]:
    hole = BlackHole()
    yield hole
    hole.close()


@pytest.fixture
def app_config(app_config: dict[str, Any], black_hole: BlackHole) -> dict[str, Any]:
    return app_config | {"MAIL_PORT": black_hole.port, "MAIL_TIMEOUT_SECONDS": 5, "MAIL_SEND_AFTER_REQUEST": False}


@pytest.fixture
def healthy_app(migrated_schema: str, app_config: dict[str, Any], smtp: SMTPServer):
    """The same database, as the worker host sees it: a mail server that answers."""
    worker_app = create_app(base_config(migrated_schema, **(app_config | mail_settings(smtp))))
    yield worker_app
    with worker_app.app_context():
        _db.session.remove()
        _db.engine.dispose()


def test_registering_neither_connects_to_the_mail_server_nor_renders_the_mail(
    app, client, db, black_hole, smtp, make_talkshow
):
    make_talkshow(slug="stil", capacity=5)
    rendered: list[str] = []

    def remember(_sender, template, context, **_extra):
        rendered.append(template.name or "")

    template_rendered.connect(remember, app)
    try:
        started = time.monotonic()
        response = register(client, "stil", "Anna de Vries", "anna@example.org")
        elapsed = time.monotonic() - started
    finally:
        template_rendered.disconnect(remember, app)
    assert response.status_code == 303
    assert elapsed < 1.0, f"the request took {elapsed:.2f} s"
    time.sleep(0.2)  # a connection made on the side would have been accepted by now
    assert black_hole.accepted == 0, "the request connected to the mail server"
    assert not [name for name in rendered if "/email/" in name], f"mail rendered in the request: {rendered}"
    (row,) = db.session.scalars(select(OutboxMessage)).all()
    assert (row.status, row.attempts, row.template) == (OutboxStatus.QUEUED, 0, "registrations/email/confirmed")
    assert row.subject == "" and row.text_body == "" and row.calendar is None, "nothing rendered yet"


@pytest.mark.parametrize("sender", ["worker", "flush"])
def test_afterwards_the_worker_or_flush_delivers_the_mail_exactly_once(
    sender, app, client, db, black_hole, smtp, healthy_app, make_talkshow
):
    make_talkshow(slug="later", capacity=5)
    assert register(client, "later", "Anna de Vries", "anna@example.org").status_code == 303
    assert len(smtp.inbox) == 0 and black_hole.accepted == 0

    runner = healthy_app.test_cli_runner()
    with healthy_app.app_context():  # the commands run in the app that is current (the test's holds the black hole)
        first = runner.invoke(args=["mail", "worker", "--once"] if sender == "worker" else ["mail", "flush"])
        assert first.exit_code == 0, first.output
        assert "1 sent" in first.output
        assert "0 sent" in runner.invoke(args=["mail", "flush"]).output
        assert "0 sent" in runner.invoke(args=["mail", "worker", "--once"]).output
        _db.session.remove()

    (mail,) = smtp.inbox.to("anna@example.org")
    assert "bevestigd" in mail["Subject"]
    assert "Anna de Vries" in text_part(mail, "plain")
    assert client.get(f"/registrations/{token_in(mail)}").status_code == 200, "the link in the mail works"
    assert [part.get_param("method") for part in mail.walk() if part.get_content_type() == "text/calendar"] == [
        "REQUEST"
    ]
    assert black_hole.accepted == 0
    db.session.expire_all()
    (row,) = db.session.scalars(select(OutboxMessage)).all()
    assert row.status == OutboxStatus.SENT and row.attempts == 1 and "bevestigd" in row.subject
