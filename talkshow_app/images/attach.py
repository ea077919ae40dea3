"""Use cases: give a talkshow, speaker, lab or knowledge output a picture, or take it away.

The upload is re-encoded (``processing``) before anything is stored; a refused file, or a picture
without a description that is not marked decorative, stores nothing at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..accounts.models import Role
from ..archive.models import KnowledgeOutput
from ..database import transaction
from ..domain import DomainError, NotFound, require_role
from ..extensions import db
from ..labs.models import Lab
from ..series.models import Speaker, Talkshow
from . import storage
from .models import ALT_MAX_LENGTH, StoredImage
from .processing import MAX_BYTES, ImageRefused, Refusal, process


class ImageError(DomainError):
    """Refused picture or description; fields ``image`` and ``alt``."""


@dataclass(frozen=True)
class Subject:
    model: type[Any]
    attribute: str  # the relationship holding the picture
    roles: tuple[Role, ...]
    title: str  # the attribute naming the item


SUBJECTS: dict[str, Subject] = {
    "talkshow": Subject(Talkshow, "image", (Role.ORGANISER,), "title"),
    "speaker": Subject(Speaker, "photo", (Role.ORGANISER,), "name"),
    "lab": Subject(Lab, "image", (Role.ORGANISER, Role.EDITOR), "name"),
    "output": Subject(KnowledgeOutput, "image", (Role.EDITOR,), "title"),
}

# Anyone who may change some picture; checked before the kind is even looked at (then the kind's own roles).
PICTURE_ROLES: tuple[Role, ...] = tuple(dict.fromkeys(role for about in SUBJECTS.values() for role in about.roles))

REFUSALS = {
    Refusal.EMPTY: _l("Choose a picture to upload."),
    Refusal.NOT_AN_IMAGE: _l("This file is not a picture we can read; upload a JPEG, PNG, WebP or GIF."),
    Refusal.UNSUPPORTED: _l("This kind of picture is not accepted; upload a JPEG, PNG, WebP or GIF."),
    Refusal.TOO_MANY_PIXELS: _l("The picture has too many pixels; upload one of at most 40 megapixels."),
}


def _refusal(reason: Refusal, max_bytes: int) -> Any:
    if reason is Refusal.TOO_LARGE:
        return _l("The picture is too large; upload one of at most %(mb)d MB.", mb=max(1, max_bytes // (1024 * 1024)))
    return REFUSALS[reason]


def subject(kind: str, subject_id: int) -> tuple[Subject, Any]:
    about = SUBJECTS.get(kind)
    item = db.session.get(about.model, subject_id) if about else None
    if about is None or item is None:
        raise NotFound(f"{kind} {subject_id}")
    return about, item


def may_change(actor: Any, kind: str) -> bool:
    """A yes/no question for pages (whether to offer the picture link); it changes nothing."""
    about = SUBJECTS.get(kind) if isinstance(kind, str) else None
    return bool(about and actor is not None and actor.is_authenticated and actor.has_role(*about.roles))


def _checked_alt(alt: str, decorative: bool, errors: dict[str, list[Any]]) -> str:
    alt = " ".join((alt or "").split())
    if decorative:
        return ""
    if not alt:
        errors["alt"] = [_l("Describe what the picture shows, or mark it as decorative.")]
    elif len(alt) > ALT_MAX_LENGTH:
        errors["alt"] = [_l("The description can be at most %(max)d characters.", max=ALT_MAX_LENGTH)]
    return alt


def attach(
    actor: Any,
    kind: str,
    subject_id: int,
    data: bytes | None,
    alt: str,
    decorative: bool,
    upload_folder: str,
    max_bytes: int = MAX_BYTES,
) -> StoredImage:
    """Re-encode ``data`` and make it the item's picture (replacing an earlier one)."""
    require_role(actor, *PICTURE_ROLES)
    about = SUBJECTS.get(kind)
    if about is None:
        raise NotFound(kind)
    require_role(actor, *about.roles)
    errors: dict[str, list[Any]] = {}
    alt = _checked_alt(alt, decorative, errors)
    processed = None
    try:
        processed = process(data or b"", max_bytes=max_bytes)
    except ImageRefused as refused:
        errors["image"] = [_refusal(refused.reason, max_bytes)]
    if errors or processed is None:
        raise ImageError(errors)
    with transaction() as session:
        _about, item = subject(kind, subject_id)
        previous = getattr(item, about.attribute)
        image = StoredImage(
            key=processed.key,
            width=processed.width,
            height=processed.height,
            widths=",".join(str(width) for width in processed.widths),
            alt=alt,
            decorative=decorative,
        )
        session.add(image)
        storage.save_variants(upload_folder, processed)
        setattr(item, about.attribute, image)
        if previous is not None:
            session.delete(previous)
        orphaned = _forget(previous)
    _delete_orphans(upload_folder, orphaned)
    return image


def detach(actor: Any, kind: str, subject_id: int, upload_folder: str) -> bool:
    """Take the item's picture away; False when it had none."""
    require_role(actor, *PICTURE_ROLES)
    about = SUBJECTS.get(kind)
    if about is None:
        raise NotFound(kind)
    require_role(actor, *about.roles)
    with transaction() as session:
        _about, item = subject(kind, subject_id)
        previous = getattr(item, about.attribute)
        if previous is None:
            return False
        setattr(item, about.attribute, None)
        session.delete(previous)
        orphaned = _forget(previous)
    _delete_orphans(upload_folder, orphaned)
    return True


def _forget(image: StoredImage | None) -> tuple[str, list[int]] | None:
    return (image.key, image.width_list) if image is not None else None


def _delete_orphans(upload_folder: str, orphaned: tuple[str, list[int]] | None) -> None:
    """After the commit: remove a replaced picture's files unless another row still shows the same pixels."""
    if orphaned is None:
        return
    key, widths = orphaned
    if not db.session.scalar(select(func.count()).select_from(StoredImage).where(StoredImage.key == key)):
        storage.delete_variants(upload_folder, key, widths)
