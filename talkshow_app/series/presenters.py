"""Talkshows as open data (shared/CONTRACT.md) and as schema.org Event JSON-LD."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, cast

from markupsafe import Markup

from ..api import schemas
from ..timezones import to_local
from ..urls import public_url
from .models import Speaker, Talkshow, TalkshowStatus, Theme


def iso_local(moment) -> str:
    return to_local(moment).replace(microsecond=0).isoformat()


def iso_local_seconds(moment: datetime | None) -> str | None:
    """Amsterdam time with its offset, to the second; None when not set."""
    return to_local(moment).replace(microsecond=0).isoformat() if moment else None


def talkshow_json(
    talkshow: Talkshow,
    url: str,
    ics_url: str,
    seats_taken: int = 0,
    waitlist_count: int = 0,
    outputs: Sequence[Any] = (),
) -> schemas.Talkshow:
    """One talkshow in the open-data shape (``schemas.Talkshow``); ``outputs``: its published knowledge outputs."""
    venue = talkshow.venue
    return schemas.Talkshow(
        slug=talkshow.slug,
        title=talkshow.title,
        theme=schemas.ThemeRef(slug=talkshow.theme.slug, name=talkshow.theme.name),
        starts_at=talkshow.starts_at,
        ends_at=talkshow.ends_at,
        venue=schemas.Venue(name=venue.name, address=venue.address) if venue else None,
        status=cast(schemas.TalkshowStatus, talkshow.status.value),
        capacity=talkshow.capacity,
        seats_taken=seats_taken,
        waitlist_count=waitlist_count,
        speakers=[
            schemas.TalkshowSpeaker(
                slug=link.speaker.slug,
                name=link.speaker.name,
                organisation=link.speaker.organisation.name if link.speaker.organisation else None,
                labs=[lab.slug for lab in link.speaker.labs],
            )
            for link in talkshow.speaker_links
        ],
        url=url,
        ics_url=ics_url,
        registration_opens_at=talkshow.registration_opens_at,
        registration_closes_at=talkshow.registration_closes_at,
        outputs=[
            schemas.OutputRef(slug=o.slug, title=o.title, url=public_url("archive.detail", slug=o.slug))
            for o in outputs
        ],
        outputs_url=public_url("archive.api_index", talkshow=talkshow.slug),
    )


def public_talkshow_json(talkshow: Talkshow, counts: Any = None, outputs: Sequence[Any] = ()) -> schemas.Talkshow:
    """One talkshow for /api/talkshows; ``counts``: its SeatCounts (registrations.seats), zeros when None.

    ``seats_taken`` includes the seats classes hold for students still to join (the stored counter), so
    ``capacity - seats_taken`` is what the public can still book, as on the talkshow page.
    """
    return talkshow_json(
        talkshow,
        url=public_url("series.talkshow", slug=talkshow.slug),
        ics_url=public_url("calendar.talkshow_file", slug=talkshow.slug),
        seats_taken=max(counts.confirmed if counts else 0, talkshow.seats_taken or 0),
        waitlist_count=counts.waitlisted if counts else 0,
        outputs=outputs,
    )


def public_talkshows_json(
    talkshows: Iterable[Talkshow],
    counts: Mapping[int, Any],
    outputs: Mapping[int, Sequence[Any]],
    paging: Mapping[str, Any],
) -> schemas.TalkshowList:
    """The body of /api/talkshows: one page; ``counts`` and ``outputs`` by talkshow id."""
    return schemas.TalkshowList(
        talkshows=[public_talkshow_json(t, counts.get(t.id), outputs.get(t.id, ())) for t in talkshows], **paging
    )


def speaker_json(speaker: Speaker, talkshows: Sequence[str]) -> schemas.Speaker:
    """One speaker in /api/speakers; ``talkshows``: slugs of their public talkshows."""
    return schemas.Speaker(
        slug=speaker.slug,
        name=speaker.name,
        role_title=speaker.role_title,
        organisation=speaker.organisation.name if speaker.organisation else None,
        labs=[lab.slug for lab in speaker.labs],
        talkshows=list(talkshows),
        url=public_url("series.speaker", slug=speaker.slug),
    )


def theme_json(theme: Theme) -> schemas.Theme:
    """One theme in /api/themes."""
    return schemas.Theme(
        slug=theme.slug,
        name=theme.name,
        name_en=theme.name_en or theme.name,
        description=theme.description,
        is_core=theme.is_core,
        url=public_url("series.talkshows", theme=theme.slug),
        ics_url=public_url("calendar.theme_feed", slug=theme.slug),
    )


def json_ld_markup(data: dict[str, Any]) -> Markup:
    """JSON for a <script type="application/ld+json"> block; '<' escaped so it cannot end the block."""
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # nosec B704 - every markup character is escaped above


def _performer(speaker: Any) -> dict[str, Any]:
    person: dict[str, Any] = {"@type": "Person", "name": speaker.name}
    if speaker.organisation:
        person["affiliation"] = {"@type": "Organization", "name": speaker.organisation.name}
    return person


def event_json_ld(talkshow: Talkshow, url: str, image_url: str | None = None) -> dict[str, Any]:
    venue = talkshow.venue
    status = (
        "https://schema.org/EventCancelled"
        if talkshow.status == TalkshowStatus.CANCELLED
        else "https://schema.org/EventScheduled"
    )
    location: list[dict[str, Any]] = []
    if venue:
        place: dict[str, Any] = {"@type": "Place", "name": venue.name, "address": venue.address}
        if venue.latitude is not None and venue.longitude is not None:
            place["geo"] = {"@type": "GeoCoordinates", "latitude": venue.latitude, "longitude": venue.longitude}
        location.append(place)
    if talkshow.livestream_url:
        location.append({"@type": "VirtualLocation", "url": talkshow.livestream_url})
    mode = "https://schema.org/OfflineEventAttendanceMode"
    if venue and talkshow.livestream_url:
        mode = "https://schema.org/MixedEventAttendanceMode"
    elif talkshow.livestream_url:
        mode = "https://schema.org/OnlineEventAttendanceMode"
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": talkshow.title,
        "description": talkshow.summary or talkshow.description[:300],
        "startDate": iso_local(talkshow.starts_at),
        "endDate": iso_local(talkshow.ends_at),
        "eventStatus": status,
        "eventAttendanceMode": mode,
        "url": url,
        "inLanguage": "nl",
        "isAccessibleForFree": True,
        "organizer": {"@type": "Organization", "name": "City Deal Kennis Maken Den Haag"},
        "performer": [_performer(link.speaker) for link in talkshow.speaker_links],
    }
    if location:
        data["location"] = location[0] if len(location) == 1 else location
    if image_url:
        data["image"] = [image_url]
    return data
