from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .smtp import SMTPServer, mail_settings


@pytest.fixture
def smtp() -> Iterator[SMTPServer]:
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def app_config(app_config: dict[str, Any], smtp: SMTPServer) -> dict[str, Any]:
    return app_config | mail_settings(smtp)
