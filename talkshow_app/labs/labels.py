"""What people read for a lab's kind and status (lazy translations)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .models import LabKind, LabStatus

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
