"""What the archive sends other than HTML pages: the open-data JSON and the Atom feed's entries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from flask_babel import gettext as _

from ..api import schemas
from ..site import Site
from ..urls import public_url
from . import atom
from .models import KnowledgeOutput

FEED_AUTHOR = "City Deal Kennis Maken"
EMPTY_FEED_UPDATED = datetime(2026, 1, 1, tzinfo=UTC)


def api_item(output: KnowledgeOutput) -> schemas.ArchiveItem:
    """One published output in /api/archive."""
    return schemas.ArchiveItem(
        slug=output.slug,
        title=output.title,
        type=output.output_type.value,
        talkshow=output.talkshows[0].slug if output.talkshows else None,
        themes=[theme.slug for theme in output.themes],
        published_at=output.published_at,
        url=public_url("archive.detail", slug=output.slug),
    )


def api_search(items: Sequence[KnowledgeOutput], paging: Mapping[str, Any]) -> schemas.ArchiveList:
    """A page of search results in /api/archive: the items, how many match in all, and the paging links."""
    return schemas.ArchiveList(items=[api_item(output) for output in items], **paging)


def feed_entry(output: KnowledgeOutput, site: Site) -> atom.Entry:
    return atom.Entry(
        id=f"tag:{site.host},{(output.published_at or output.created_at).year}:knowledge-output:{output.id}",
        title=output.title,
        url=public_url("archive.detail", slug=output.slug),
        updated=output.updated_at,
        published=output.published_at,
        summary=output.abstract or output.title,
        authors=[s.name for s in output.speakers] + [org.name for org in output.organisations],
        categories=[t.slug for t in output.themes],
    )


def feed(outputs: Sequence[KnowledgeOutput], site: Site) -> bytes:
    """The archive's Atom feed, newest first as given."""
    entries = [feed_entry(output, site) for output in outputs]
    return atom.build_feed(
        feed_id=public_url("archive.feed"),
        title=_("Den Haag Draait Door: knowledge archive"),
        self_url=public_url("archive.feed"),
        site_url=public_url("archive.index"),
        updated=max((e.updated for e in entries), default=EMPTY_FEED_UPDATED),
        entries=entries,
        fallback_author=FEED_AUTHOR,
    )
