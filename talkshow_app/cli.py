"""Command-line interface (``flask --app wsgi …``); the commands are listed in shared/CONTRACT.md."""
from __future__ import annotations

import click
from flask import Flask

from .accounts import services as accounts
from .accounts.models import Role
from .series import demo as series_demo

# Each feature's demo loader, in dependency order; each is idempotent and returns a count.
DEMO_LOADERS = [series_demo.load]


def register(app: Flask) -> None:
    @app.cli.command("demo-data")
    @click.option("--if-empty", is_flag=True, help="Only load when no talkshow exists yet (used by make run).")
    def demo_data(if_empty: bool) -> None:
        """Load the demo series (running it twice changes nothing)."""
        if if_empty and series_demo.has_talkshows():
            click.echo("The database already holds talkshows; demo data not loaded.")
            return
        created = sum(loader() for loader in DEMO_LOADERS)
        click.echo(f"Demo data loaded: {created} objects created.")

    @app.cli.group("users")
    def users() -> None:
        """Organiser-area accounts."""

    @users.command("create")
    @click.argument("email")
    @click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
    @click.option("--name", default="")
    @click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
    def create_user(email: str, role: str, name: str, password: str) -> None:
        """Create an account for the organiser area."""
        try:
            user = accounts.create_user(email, password, role, name=name)
        except accounts.AccountError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"Created {user.role.value} account for {user.email}.")
