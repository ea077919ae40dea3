"""Registration fixtures: the real SMTP server (the registration factory is in tests/factories.py)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from ..mailing.conftest import smtp  # noqa: F401  (the real SMTP server fixture)
from ..mailing.smtp import SMTPServer, mail_settings

_counter = itertools.count(1)


@pytest.fixture
def app_config(app_config: dict[str, Any], smtp: SMTPServer) -> dict[str, Any]:
    """Every registration test mails through a real SMTP server on a free port."""
    return app_config | mail_settings(smtp)
