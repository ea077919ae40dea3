"""``flask follows send | purge``."""

from __future__ import annotations

import click
from flask import Flask, current_app

from ..site import current_site
from . import sending, subscribing


def register(app: Flask) -> None:
    app.cli.add_command(follows_group)


@click.group("follows")
def follows_group() -> None:
    """Followers of themes and stadsdelen."""


@follows_group.command("send")
def follows_send() -> None:
    """Turn new publications into follow mails in the outbox (the mail worker also does this every minute)."""
    result = sending.run(current_site(), current_app.config["SECRET_KEY"])
    click.echo(f"{result.events} publications, {result.items} followers told, {result.mails} mails queued.")


@follows_group.command("purge")
def follows_purge() -> None:
    """Delete follows unconfirmed for 7 days and follows confirmed longer than a year ago."""
    click.echo(purge_message())


def purge_message() -> str:
    unconfirmed, expired = subscribing.purge()
    return f"{unconfirmed} unconfirmed and {expired} expired follows deleted."
