"""``flask matching rescore``: rebuild every stored ranking (after an upgrade, an import, or nightly, so
offers whose period ended leave the rankings)."""

from __future__ import annotations

import click
from flask import Flask

from ..extensions import db
from .candidate_scores import rescore_all


def register(app: Flask) -> None:
    @app.cli.group("matching")
    def matching_group() -> None:
        """Matching questions with offers and labs."""

    @matching_group.command("rescore")
    def rescore() -> None:
        """Rank every public question anew against all open offers and active labs."""
        count = rescore_all(db.session)
        click.echo(f"Stored rankings rebuilt for {count} questions.")
