"""How labs are shown as data: the open-data shape and the map's markers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..api import schemas
from .models import Lab


def lab_json(lab: Lab, url: Callable[[Lab], str]) -> schemas.Lab:
    """One lab in the open-data shape of shared/CONTRACT.md (``/api/labs``)."""
    return schemas.Lab(
        slug=lab.slug,
        name=lab.name,
        partners=[partner.name for partner in lab.partners],
        stadsdeel=lab.stadsdeel or None,
        latitude=lab.latitude,
        longitude=lab.longitude,
        themes=[theme.slug for theme in lab.themes],
        disciplines=[discipline.name for discipline in lab.disciplines],
        url=url(lab),
    )


def labs_json(labs: Iterable[Lab], url: Callable[[Lab], str], paging: Mapping[str, Any]) -> schemas.LabList:
    """The body of ``/api/labs``: one page of labs."""
    return schemas.LabList(labs=[lab_json(lab, url) for lab in labs], **paging)


def map_markers(labs: Iterable[Lab]) -> list[dict[str, Any]]:
    """The labs that have a place on the map, as the page's script needs them."""
    return [
        {
            "slug": lab.slug,
            "name": lab.name,
            "latitude": lab.latitude,
            "longitude": lab.longitude,
            "stadsdeel": lab.stadsdeel,
            "wijk": lab.wijk,
            "partners": [partner.name for partner in lab.partners],
        }
        for lab in labs
        if lab.has_location
    ]
