"""Image fixtures: pictures made with Pillow (one with GPS and a rotation in its EXIF), and logged-in clients."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from PIL import ExifTags, Image

from talkshow_app.accounts.models import Role
from tests.archive.conftest import editor, make_output, second_editor, storage  # noqa: F401
from tests.matching.conftest import make_question  # noqa: F401

MAX_TEST_BYTES = 300_000
RED, BLUE = (220, 20, 20), (20, 20, 220)


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, "IMAGE_MAX_BYTES": MAX_TEST_BYTES}


def jpeg_with_gps_and_rotation(size: tuple[int, int] = (800, 400)) -> bytes:
    """Stored landscape, red left half and blue right half, EXIF orientation 6 (turn 90° clockwise to show), GPS."""
    picture = Image.new("RGB", size, BLUE)
    picture.paste(RED, (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Spioncamera"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 4.0, 42.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (4.0, 18.0, 0.0)
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def png_bytes(size: tuple[int, int] = (1600, 900), colour=(30, 120, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def noisy_png(size: tuple[int, int] = (400, 400)) -> bytes:
    """Incompressible: random pixels make a PNG far larger than MAX_TEST_BYTES."""
    import os

    out = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(out, "PNG")
    return out.getvalue()


def upload(client, kind: str, subject_id: int, data: bytes, alt: str = "", decorative: bool = False, name="foto.jpg"):
    form: dict[str, Any] = {"image": (io.BytesIO(data), name), "alt": alt}
    if decorative:
        form["decorative"] = "y"
    return client.post(f"/organiser/images/{kind}/{subject_id}", data=form, content_type="multipart/form-data")


def image_urls(page: str) -> list[str]:
    """Every address in src and srcset attributes under /media/."""
    found = re.findall(r'(?:src|srcset)="([^"]+)"', page)
    return sorted({part.split()[0] for value in found for part in value.split(",") if "/media/" in part})


@pytest.fixture
def organiser_client(client, login, make_user):
    login(make_user(role=Role.ORGANISER))
    return client


@pytest.fixture
def editor_client(client, login, make_user):
    login(make_user(role=Role.EDITOR))
    return client
