"""Map markers for the matching view (pure: no Flask, no database).

Questions are placed at the centre of their stadsdeel, never at an address: many come from
residents, and the map must not point at someone's home. Several questions in one stadsdeel
are spread on a small ring so their markers do not hide each other.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

# Approximate centres of the eight stadsdelen of The Hague.
STADSDEEL_CENTRES: dict[str, tuple[float, float]] = {
    "Centrum": (52.0765, 4.3050),
    "Escamp": (52.0450, 4.2780),
    "Haagse Hout": (52.0930, 4.3400),
    "Laak": (52.0650, 4.3250),
    "Leidschenveen-Ypenburg": (52.0620, 4.3800),
    "Loosduinen": (52.0520, 4.2300),
    "Scheveningen": (52.1050, 4.2850),
    "Segbroek": (52.0780, 4.2650),
}
RING_RADIUS = 0.004  # degrees, a few hundred metres


@dataclass(frozen=True)
class Marker:
    kind: str  # "question" | "lab"
    title: str
    url: str
    latitude: float
    longitude: float
    label: str = ""

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "url": self.url,
            "lat": round(self.latitude, 5),
            "lng": round(self.longitude, 5),
            "label": self.label,
        }


def question_markers(questions: Iterable[tuple[str, str, str, str]]) -> list[Marker]:
    """(title, url, stadsdeel, label) per question; city-wide ones ("" stadsdeel) have no place on the map."""
    grouped: dict[str, list[tuple[str, str, str]]] = {}
    for title, url, stadsdeel, label in questions:
        if stadsdeel in STADSDEEL_CENTRES:
            grouped.setdefault(stadsdeel, []).append((title, url, label))
    markers = []
    for stadsdeel, items in grouped.items():
        lat, lng = STADSDEEL_CENTRES[stadsdeel]
        for index, (title, url, label) in enumerate(items):
            if len(items) == 1:
                point = (lat, lng)
            else:
                angle = 2 * math.pi * index / len(items)
                point = (lat + RING_RADIUS * math.sin(angle), lng + RING_RADIUS * 1.6 * math.cos(angle))
            markers.append(Marker("question", title, url, point[0], point[1], label))
    return markers
