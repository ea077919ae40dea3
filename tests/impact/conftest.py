"""The impact tests' data: one small City Deal whose every figure is known (``dataset``)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.browser.conftest import browser  # noqa: F401  (one Chromium for this package, stopped after it)

from . import dataset as builder


@pytest.fixture
def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def city(db, now) -> builder.Dataset:
    return builder.build(db.session, now)
