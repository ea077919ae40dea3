"""Class fixtures: the registration factory (and its SMTP server) from tests/registrations."""

from __future__ import annotations

from typing import Any

import pytest

from ..registrations.conftest import smtp  # noqa: F401


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return app_config | {"MAIL_SUPPRESS_SEND": True}
