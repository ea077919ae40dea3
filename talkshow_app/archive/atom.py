"""The Atom feed of new outputs (RFC 4287). Pure: no Flask, no database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from xml.etree import ElementTree as ET  # nosec B405 - builds the Atom feed, never parses input

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    url: str
    updated: datetime
    published: datetime | None
    summary: str
    authors: Sequence[str]
    categories: Sequence[str] = ()


def build_feed(
    *,
    feed_id: str,
    title: str,
    self_url: str,
    site_url: str,
    updated: datetime,
    entries: Sequence[Entry],
    fallback_author: str,
) -> bytes:
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    feed = ET.Element(f"{{{ATOM}}}feed")
    sub(feed, "id", feed_id)
    sub(feed, "title", title)
    sub(feed, "updated", updated.isoformat())
    sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    sub(feed, "link", rel="alternate", type="text/html", href=site_url)
    author = sub(feed, "author")
    sub(author, "name", fallback_author)
    for item in entries:
        entry = sub(feed, "entry")
        sub(entry, "id", item.id)
        sub(entry, "title", item.title)
        sub(entry, "updated", item.updated.isoformat())
        if item.published:
            sub(entry, "published", item.published.isoformat())
        sub(entry, "link", rel="alternate", type="text/html", href=item.url)
        for name in item.authors or [fallback_author]:
            sub(sub(entry, "author"), "name", name)
        for term in item.categories:
            sub(entry, "category", term=term)
        sub(entry, "summary", item.summary, type="text")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False)
