"""Command-line interface (``flask --app wsgi …``); the commands are listed in shared/CONTRACT.md."""

from __future__ import annotations

import click
from flask import Flask

from .accounts import services as accounts
from .accounts.models import Role
from .archive import demo as archive_demo
from .archive import search_index
from .classes import cli as classes_cli
from .database import transaction
from .follows import cli as follows_cli
from .impact import demo as impact_demo
from .labs import demo as labs_demo
from .mailing import cli as mailing_cli
from .matching import cli as matching_cli
from .matching import demo as matching_demo
from .proposals import services as proposal_services
from .registrations import cli as registrations_cli
from .registrations import demo as registrations_demo
from .registrations import maintenance as registrations
from .series import demo as series_demo
from .site import current_site

# Each feature's demo loader, in dependency order; each is idempotent and returns a count.
DEMO_LOADERS = [
    series_demo.load,
    labs_demo.load,
    matching_demo.load,
    registrations_demo.load,
    archive_demo.load,
    impact_demo.load,
]


def register(app: Flask) -> None:
    _register_mail_and_privacy_commands(app)
    _register_archive_commands(app)
    matching_cli.register(app)  # flask matching rescore
    registrations_cli.register(app)  # flask seats check
    classes_cli.register(app)  # flask classes release

    @app.cli.command("demo-data")
    @click.option("--if-empty", is_flag=True, help="Only load when no talkshow exists yet (used by make run).")
    def demo_data(if_empty: bool) -> None:
        """Load the demo series (running it twice changes nothing); refused with APP_ENV=production."""
        if app.config.get("APP_ENV") == "production":
            raise click.ClickException(
                "APP_ENV=production: demo data is not loaded into a production database "
                "(it would publish made-up talkshows). Run it on a development database."
            )
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

    @users.command("deactivate")
    @click.argument("email")
    def deactivate_user(email: str) -> None:
        """End an account's access: it can no longer log in, and its sessions end now."""
        try:
            user = accounts.deactivate(email)
        except accounts.AccountError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"Deactivated {user.email}; its sessions have ended.")

    @users.command("set-password")
    @click.argument("email")
    @click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
    def set_user_password(email: str, password: str) -> None:
        """Set a new password; every session of the account ends."""
        try:
            user = accounts.set_password(email, password)
        except accounts.AccountError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"New password set for {user.email}; its sessions have ended.")


def _register_mail_and_privacy_commands(app: Flask) -> None:
    """``flask mail …`` (talkshow_app/mailing/cli.py), ``flask reminders send``, ``flask privacy purge``."""
    mailing_cli.register(app)  # flask mail flush | test | status | worker
    follows_cli.register(app)  # flask follows send | purge

    @app.cli.group("reminders")
    def reminders_group() -> None:
        """Reminders before a talkshow."""

    @reminders_group.command("send")
    @click.option(
        "--hours", default=48, show_default=True, help="Remind about talkshows starting within this many hours."
    )
    def reminders_send(hours: int) -> None:
        """Queue reminders for talkshows that start within 48 hours; running it twice sends nothing twice."""
        queued = registrations.send_reminders(current_site(), within_hours=hours)
        click.echo(f"{queued} reminders queued.")

    @app.cli.group("privacy")
    def privacy_group() -> None:
        """Personal data (AVG)."""

    @privacy_group.command("purge")
    def privacy_purge() -> None:
        """Remove personal data of registrations for talkshows that ended longer ago than the retention period."""
        site = current_site()
        result = registrations.purge_personal_data(site)
        click.echo(
            f"{result.registrations} registrations anonymised, {result.mails} sent mails deleted "
            f"(retention {site.retention_days} days)."
        )
        click.echo(follows_cli.purge_message())
        click.echo(f"{proposal_services.purge(site)} archive proposers forgotten.")
        click.echo(classes_cli.purge_message())


def _register_archive_commands(app: Flask) -> None:
    @app.cli.group("archive")
    def archive_group() -> None:
        """The knowledge archive."""

    @archive_group.command("reindex")
    def reindex() -> None:
        """Rebuild the archive's full-text index and planner statistics (after a bulk import)."""
        with transaction() as session:
            count = search_index.rebuild(session)
        click.echo(f"Archive search index rebuilt for {count} outputs.")
