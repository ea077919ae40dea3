"""Every write service checks the acting user's role itself, before it touches anything.

The organiser routes carry ``role_required`` too, but a service may be called from elsewhere (a
command, another feature, a future API): the check that counts is in the service. This walks every
use-case module, finds each public function that takes an ``actor`` and calls it as nobody and as a
logged-in account without the role; both must be refused with ``NotAllowed`` and store nothing.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import func, select

import talkshow_app
from talkshow_app.domain import NotAllowed
from talkshow_app.extensions import db

# Modules that hold routes, forms or wiring rather than use cases.
NOT_USE_CASES = {"views", "manage", "forms", "presenters", "labels", "models", "demo", "cli", "receivers", "domain"}
# Steps that only record who acted, called inside a use case that has checked the role already.
STEPS = {
    "talkshow_app.archive.board.audit": "adds the audit line of a checked use case",
    "talkshow_app.archive.attachments.store_files": "writes the files of a checked create or update",
    "talkshow_app.images.attach.may_change": "a yes/no question for pages; it changes nothing",
}


def write_services() -> list[tuple[str, Any]]:
    found = []
    for info in pkgutil.walk_packages(talkshow_app.__path__, "talkshow_app."):
        if info.name.rsplit(".", 1)[-1] in NOT_USE_CASES:
            continue
        module = importlib.import_module(info.name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            qualified = f"{module.__name__}.{name}"
            if "actor" in inspect.signature(function).parameters and qualified not in STEPS:
                found.append((qualified, function))
    return found


SERVICES = write_services()


def call_as(function: Any, actor: Any) -> None:
    """Every other argument is a stand-in: a service that checks the role first never looks at them."""
    arguments = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if name == "actor":
            arguments[name] = actor
        elif parameter.default is inspect.Parameter.empty and parameter.kind not in (
            parameter.VAR_POSITIONAL,
            parameter.VAR_KEYWORD,
        ):
            arguments[name] = SimpleNamespace()
    function(**arguments)


def row_count() -> int:
    return sum(db.session.scalar(select(func.count()).select_from(table)) for table in db.metadata.sorted_tables)


def test_the_walk_finds_the_write_services_of_every_feature():
    features = {name.split(".")[1] for name, _ in SERVICES}
    assert {"series", "labs", "matching", "archive", "registrations"} <= features
    assert len(SERVICES) >= 25


@pytest.mark.parametrize(("name", "function"), SERVICES, ids=[name for name, _ in SERVICES])
def test_a_write_service_refuses_nobody_and_the_wrong_role(name, function, db):
    # An account whose role fits no write service: an active user answering has_role() with False.
    outsider = SimpleNamespace(is_authenticated=True, has_role=lambda *roles: False, id=None)
    before = row_count()
    for actor in (None, outsider):
        with pytest.raises(NotAllowed):
            call_as(function, actor)
    assert row_count() == before


def test_the_steps_left_out_still_exist():
    """An exemption that names nothing any more would hide a new function of the same name."""
    for qualified in STEPS:
        module_name, name = qualified.rsplit(".", 1)
        assert hasattr(importlib.import_module(module_name), name), qualified
