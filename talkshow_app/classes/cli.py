"""``flask classes release``: unused seats of class blocks go back to the public when their moment comes."""

from __future__ import annotations

import click
from flask import Flask

from ..site import current_site
from . import blocks


def purge_message() -> str:
    """``flask privacy purge`` also forgets the teachers of class blocks (with their students' registrations)."""
    return f"{blocks.purge_personal_data(current_site())} class bookings anonymised."


def register(app: Flask) -> None:
    @app.cli.group("classes")
    def classes_group() -> None:
        """Class bookings at talkshows."""

    @classes_group.command("release")
    def classes_release() -> None:
        """Return the seats no student took to the public (and the waiting list); running it twice changes nothing."""
        released = blocks.release_due(current_site())
        click.echo(f"{released} class blocks released.")
