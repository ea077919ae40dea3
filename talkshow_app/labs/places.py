"""The eight stadsdelen of The Hague and the map box around the city (pure: no Flask, no database)."""

from __future__ import annotations

from ..slugs import slugify

# The city's own order (alphabetical, as the municipality lists them).
STADSDELEN: tuple[str, ...] = (
    "Centrum",
    "Escamp",
    "Haagse Hout",
    "Laak",
    "Leidschenveen-Ypenburg",
    "Loosduinen",
    "Scheveningen",
    "Segbroek",
)

# A generous box around the municipality (dunes to Ypenburg, Kijkduin to Leidschenveen):
# coordinates outside it are typing errors, not labs in The Hague.
LATITUDE_RANGE: tuple[float, float] = (51.98, 52.16)
LONGITUDE_RANGE: tuple[float, float] = (4.15, 4.45)
# Where the map opens when no lab has coordinates (Plein / Binnenhof).
CITY_CENTRE: tuple[float, float] = (52.0799, 4.3113)


def stadsdeel_slug(name: str) -> str:
    """URL form of a place name: 'Leidschenveen-Ypenburg' → 'leidschenveen-ypenburg'."""
    return slugify(name)


STADSDEEL_BY_SLUG: dict[str, str] = {stadsdeel_slug(name): name for name in STADSDELEN}


def stadsdeel_from_slug(slug: str | None) -> str | None:
    """The stadsdeel a URL value names, or None when it names none (also accepts the plain name)."""
    if not slug:
        return None
    return STADSDEEL_BY_SLUG.get(stadsdeel_slug(slug))


def is_stadsdeel(name: str | None) -> bool:
    return name in STADSDELEN


def within_the_hague(latitude: float, longitude: float) -> bool:
    """Whether a point lies in the box around The Hague."""
    return LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1] and LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]
