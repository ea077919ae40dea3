"""A real SMTP server for tests (aiosmtpd), so mails are checked after a true SMTP round trip."""
from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from typing import Any
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class Inbox:
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    refused: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [r.message for r in self.received if address in r.rcpt_tos]

    def __len__(self) -> int:
        with self.lock:
            return len(self.received)


class SMTPServer:
    """Start and stop on a fixed port, so a test can take the server down and bring it back."""

    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def text_part(message: EmailMessage, subtype: str) -> str | None:
    for part in message.walk():
        if part.get_content_type() == f"text/{subtype}":
            return part.get_content()
    return None


def mail_settings(server: SMTPServer) -> dict[str, Any]:
    """App settings that send every mail to ``server`` for real."""
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": server.port, "MAIL_SUPPRESS_SEND": False, "MAIL_TIMEOUT_SECONDS": 5}
