"""How labs are named and shown: labels for kinds and statuses, and the open-data shape."""
from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l

from .models import Lab, LabKind, LabStatus

KIND_LABELS = {
    LabKind.STADSLAB: _l("City lab"),
    LabKind.LIVING_LAB: _l("Living lab"),
    LabKind.KENNISWERKPLAATS: _l("Knowledge workshop"),
    LabKind.WETENSCHAPSWINKEL: _l("Science shop"),
    LabKind.RELATED_INITIATIVE: _l("Related initiative"),
}

STATUS_LABELS = {
    LabStatus.ACTIVE: _l("Active"),
    LabStatus.ENDED: _l("Ended"),
}


def lab_json(lab: Lab, url: Callable[[Lab], str]) -> dict:
    """One lab in the open-data shape of shared/CONTRACT.md (``/api/labs``)."""
    return {
        "slug": lab.slug,
        "name": lab.name,
        "partners": [partner.name for partner in lab.partners],
        "stadsdeel": lab.stadsdeel or None,
        "latitude": lab.latitude,
        "longitude": lab.longitude,
        "themes": [theme.slug for theme in lab.themes],
        "disciplines": [discipline.name for discipline in lab.disciplines],
        "url": url(lab),
    }
