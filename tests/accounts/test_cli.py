"""``flask users create``: clear messages, and nothing stored when something is wrong."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from talkshow_app.accounts.models import Role, User

GOOD = "a long enough passphrase"


def users(db) -> list[User]:
    return list(db.session.scalars(select(User)))


def test_create_with_password_option(runner, db):
    result = runner.invoke(args=["users", "create", "Planner@Example.org", "--role", "organiser", "--password", GOOD, "--name", "Sanne"])
    assert result.exit_code == 0, result.output
    assert "Created organiser account for planner@example.org." in result.output
    [user] = users(db)
    assert (user.email, user.role, user.name) == ("planner@example.org", Role.ORGANISER, "Sanne")
    assert user.password_hash != GOOD and check_password_hash(user.password_hash, GOOD)


def test_create_prompts_for_the_password_twice_without_echo(runner, db):
    result = runner.invoke(args=["users", "create", "admin@example.org", "--role", "admin"], input=f"{GOOD}\n{GOOD}\n")
    assert result.exit_code == 0, result.output
    assert GOOD not in result.output
    assert users(db)[0].role == Role.ADMIN


def test_prompt_repeats_when_the_two_entries_differ(runner, db):
    result = runner.invoke(args=["users", "create", "a@example.org", "--role", "editor"], input=f"{GOOD}\nsomething else\n{GOOD}\n{GOOD}\n")
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output or "match" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["users", "create", "a@example.org", "--role", "boss", "--password", GOOD], "'boss' is not one of"),
        (["users", "create", "not-an-address", "--role", "organiser", "--password", GOOD], "Invalid e-mail address"),
        (["users", "create", "a@example.org", "--role", "organiser", "--password", "short"], "at least 12 characters"),
        (["users", "create", "a@example.org", "--password", GOOD], "Missing option '--role'"),
    ],
)
def test_refusals_have_a_clear_message_and_store_nothing(runner, db, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_duplicate_address_is_refused_whatever_the_case(runner, db):
    assert runner.invoke(args=["users", "create", "a@example.org", "--role", "organiser", "--password", GOOD]).exit_code == 0
    result = runner.invoke(args=["users", "create", "A@EXAMPLE.ORG", "--role", "admin", "--password", GOOD])
    assert result.exit_code == 1
    assert "An account for a@example.org exists already." in result.output
    assert [u.role for u in users(db)] == [Role.ORGANISER]


def test_the_created_account_can_log_in(runner, client, db):
    runner.invoke(args=["users", "create", "planner@example.org", "--role", "organiser", "--password", GOOD])
    response = client.post("/login", data={"email": "planner@example.org", "password": GOOD})
    assert response.status_code == 302 and response.headers["Location"] == "/organiser/"
