"""Command-line interface (``flask --app wsgi …``); the commands are listed in shared/CONTRACT.md."""
from __future__ import annotations

import click
from flask import Flask

from .accounts import services as accounts
from .accounts.models import Role
from .labs import demo as labs_demo
from .matching import demo as matching_demo
from .registrations import demo as registrations_demo
from .series import demo as series_demo
from .archive import demo as archive_demo

# Each feature's demo loader, in dependency order; each is idempotent and returns a count.
DEMO_LOADERS = [series_demo.load, labs_demo.load, matching_demo.load, registrations_demo.load, archive_demo.load]


def register(app: Flask) -> None:
    _register_mail_and_privacy_commands(app)

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


def _register_mail_and_privacy_commands(app: Flask) -> None:
    """``flask mail flush``, ``flask mail test``, ``flask reminders send``, ``flask privacy purge``."""
    from .mailing import services as mailing
    from .registrations import services as registrations
    from .site import current_site

    @app.cli.group("mail")
    def mail_group() -> None:
        """The e-mail outbox."""

    @mail_group.command("flush")
    @click.option("--retry-failed", is_flag=True, help="Also retry mails the server refused permanently.")
    @click.option("--limit", default=500, show_default=True, help="At most this many mails per run.")
    def mail_flush(retry_failed: bool, limit: int) -> None:
        """Deliver queued e-mail now, retrying earlier failures (safe to run from several processes)."""
        result = mailing.flush(limit=limit, retry_failed=retry_failed, site=current_site())
        click.echo(f"{result.sent} sent, {result.failed} failed, {result.still_queued} still queued.")

    @mail_group.command("test")
    @click.argument("address")
    def mail_test(address: str) -> None:
        """Send a test message to ADDRESS, to check the mail settings."""
        message = mailing.queue_mail(
            to=address, template="mailing/email/test", language="nl", context={}, site=current_site()
        )
        from .extensions import db

        db.session.commit()
        result = mailing.flush(ids=[message.id], site=current_site())
        if result.sent != 1:
            raise click.ClickException("The test message could not be delivered; it stays queued (see `flask mail flush`).")
        click.echo(f"Test message sent to {address}.")

    @app.cli.group("reminders")
    def reminders_group() -> None:
        """Reminders before a talkshow."""

    @reminders_group.command("send")
    @click.option("--hours", default=48, show_default=True, help="Remind about talkshows starting within this many hours.")
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
