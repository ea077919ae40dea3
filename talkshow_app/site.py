"""The few deployment facts that services need, handed to them as a plain value.

Views and commands build it from the app's config (``current_site()``); services take it as an
argument, so they never read Flask globals and can be tested without a request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Site:
    public_url: str
    sender: str
    retention_days: int = 90

    @property
    def host(self) -> str:
        return urlsplit(self.public_url).hostname or "localhost"

    @property
    def sender_address(self) -> str:
        return parseaddr(self.sender)[1] or self.sender

    def link(self, path: str) -> str:
        """Absolute link for a path on this site (``/talkshows/x`` → ``https://…/talkshows/x``)."""
        return self.public_url.rstrip("/") + "/" + path.lstrip("/")

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Site:
        return cls(
            public_url=str(config["PUBLIC_URL"]).rstrip("/"),
            sender=str(config["MAIL_DEFAULT_SENDER"]),
            retention_days=int(config["PRIVACY_RETENTION_DAYS"]),
        )


def current_site() -> Site:
    """For views and commands only."""
    from flask import current_app

    return Site.from_config(current_app.config)
