"""Talkshows as open data (shared/CONTRACT.md) and as schema.org Event JSON-LD."""
from __future__ import annotations

from typing import Any

from ..timezones import to_local
from .models import Talkshow, TalkshowStatus


def iso_local(moment) -> str:
    return to_local(moment).isoformat()


def talkshow_json(talkshow: Talkshow, url: str, ics_url: str, seats_taken: int = 0, waitlist_count: int = 0) -> dict[str, Any]:
    venue = talkshow.venue
    return {
        "slug": talkshow.slug,
        "title": talkshow.title,
        "theme": {"slug": talkshow.theme.slug, "name": talkshow.theme.name},
        "starts_at": iso_local(talkshow.starts_at),
        "ends_at": iso_local(talkshow.ends_at),
        "venue": {"name": venue.name, "address": venue.address} if venue else None,
        "status": talkshow.status.value,
        "capacity": talkshow.capacity,
        "seats_taken": seats_taken,
        "waitlist_count": waitlist_count,
        "speakers": [
            {
                "slug": link.speaker.slug,
                "name": link.speaker.name,
                "organisation": link.speaker.organisation.name if link.speaker.organisation else None,
                "labs": [lab.slug for lab in link.speaker.labs],
            }
            for link in talkshow.speaker_links
        ],
        "url": url,
        "ics_url": ics_url,
    }


def event_json_ld(talkshow: Talkshow, url: str, image_url: str | None = None) -> dict[str, Any]:
    venue = talkshow.venue
    status = "https://schema.org/EventCancelled" if talkshow.status == TalkshowStatus.CANCELLED else "https://schema.org/EventScheduled"
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
        "performer": [
            {"@type": "Person", "name": link.speaker.name}
            | ({"affiliation": {"@type": "Organization", "name": link.speaker.organisation.name}} if link.speaker.organisation else {})
            for link in talkshow.speaker_links
        ],
    }
    if location:
        data["location"] = location[0] if len(location) == 1 else location
    if image_url:
        data["image"] = [image_url]
    return data
