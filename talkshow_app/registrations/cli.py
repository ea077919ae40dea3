"""``flask seats check [--fix]``: the talkshows' stored seat counters against their registrations."""

from __future__ import annotations

import click
from flask import Flask

from ..database import transaction
from . import counter


def register(app: Flask) -> None:
    @app.cli.group("seats")
    def seats_group() -> None:
        """The seat counters stored on each talkshow (seats_taken, waitlist_count)."""

    @seats_group.command("check")
    @click.option("--fix", is_flag=True, help="Set the counters that differ from the registrations.")
    def seats_check(fix: bool) -> None:
        """Compare every talkshow's stored counters with its registrations; exits 1 when one differs (unless --fix)."""
        wrong = counter.mismatches()
        for slug, seats, confirmed, waiting, waitlisted in wrong:
            click.echo(
                f"{slug}: seats_taken {seats} but {confirmed} confirmed; "
                f"waitlist_count {waiting} but {waitlisted} waiting"
            )
        if not wrong:
            click.echo("Every talkshow's seat counters match its registrations.")
        elif fix:
            with transaction():
                counter.recount()
            click.echo(f"{len(wrong)} talkshows recounted.")
        else:
            raise click.exceptions.Exit(1)
