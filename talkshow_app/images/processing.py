"""Re-encoding uploaded pictures: pure Pillow, no Flask and no database.

Every upload is decoded and drawn again into a fresh RGB canvas, so nothing of the original file
survives but its pixels: no EXIF (GPS position, camera serial, date), no XMP or IPTC, no ICC
profile, no comments, no trailing bytes. The EXIF orientation is applied first, so a photo taken
upright shows upright. The result comes in the widths pages ask for (``WIDTHS``, never wider than
the original) as WebP and as a JPEG fallback, named after a hash of the pixels.
"""

from __future__ import annotations

import enum
import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

WIDTHS = (320, 640, 1280)
MAX_SIDE = 2560  # pixels; larger pictures are scaled down before anything else
MAX_BYTES = 10 * 1024 * 1024  # an upload larger than this is refused unread
MAX_PIXELS = 40_000_000  # width x height as the file declares it; more is a decompression bomb
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})
FORMATS = (("webp", "WEBP"), ("jpg", "JPEG"))  # (file extension, Pillow format), preferred first
KEY_LENGTH = 20
BACKGROUND = (255, 255, 255)  # transparent areas are flattened onto white (JPEG has no alpha)


class Refusal(enum.StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    NOT_AN_IMAGE = "not_an_image"
    UNSUPPORTED = "unsupported"
    TOO_MANY_PIXELS = "too_many_pixels"


class ImageRefused(ValueError):
    def __init__(self, reason: Refusal):
        self.reason = reason
        super().__init__(f"image refused: {reason.value}")


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    extension: str  # "webp" or "jpg"
    data: bytes

    def filename(self, key: str) -> str:
        return variant_filename(key, self.width, self.extension)


@dataclass(frozen=True)
class ProcessedImage:
    key: str  # hash of the cleaned pixels: the same picture gets the same names
    width: int  # of the largest variant
    height: int
    variants: tuple[Variant, ...]

    @property
    def widths(self) -> tuple[int, ...]:
        return tuple(sorted({variant.width for variant in self.variants}))


def variant_filename(key: str, width: int, extension: str) -> str:
    return f"{key}-{width}.{extension}"


def _open(data: bytes, max_bytes: int, max_pixels: int) -> Image.Image:
    if not data:
        raise ImageRefused(Refusal.EMPTY)
    if len(data) > max_bytes:
        raise ImageRefused(Refusal.TOO_LARGE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture = Image.open(io.BytesIO(data))
            if picture.format not in ACCEPTED_FORMATS:
                raise ImageRefused(Refusal.UNSUPPORTED)
            if picture.width * picture.height > max_pixels:
                raise ImageRefused(Refusal.TOO_MANY_PIXELS)
            picture.seek(0)  # an animated GIF or WebP: its first frame
            picture.load()
    except ImageRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageRefused(Refusal.TOO_MANY_PIXELS) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise ImageRefused(Refusal.NOT_AN_IMAGE) from error
    return picture


def _clean(picture: Image.Image) -> Image.Image:
    """Upright, RGB, at most MAX_SIDE: a new image that carries pixels only."""
    upright = ImageOps.exif_transpose(picture) or picture
    if upright.mode in {"RGBA", "LA", "PA"} or (upright.mode == "P" and "transparency" in upright.info):
        rgba = upright.convert("RGBA")
        flat = Image.new("RGB", rgba.size, BACKGROUND)
        flat.paste(rgba, mask=rgba.getchannel("A"))
        upright = flat
    rgb = upright.convert("RGB")
    rgb.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    clean = Image.new("RGB", rgb.size)
    clean.paste(rgb)
    return clean


def _encode(picture: Image.Image, pillow_format: str) -> bytes:
    out = io.BytesIO()
    if pillow_format == "JPEG":
        picture.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    else:
        picture.save(out, "WEBP", quality=80, method=4)
    return out.getvalue()


def target_widths(original_width: int, widths: tuple[int, ...] = WIDTHS) -> tuple[int, ...]:
    """The widths to make: those not wider than the original, or the original alone when it is smaller."""
    fitting = tuple(width for width in widths if width <= original_width)
    return fitting or (original_width,)


def process(data: bytes, max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS) -> ProcessedImage:
    """Decode, clean and re-encode one upload; raises ``ImageRefused`` for anything that is not a usable picture."""
    clean = _clean(_open(data, max_bytes, max_pixels))
    key = hashlib.sha256(clean.tobytes() + repr(clean.size).encode()).hexdigest()[:KEY_LENGTH]
    variants = []
    for width in target_widths(clean.width):
        height = max(1, round(clean.height * width / clean.width))
        sized = clean if width == clean.width else clean.resize((width, height), Image.Resampling.LANCZOS)
        for extension, pillow_format in FORMATS:
            variants.append(Variant(width, height, extension, _encode(sized, pillow_format)))
    largest = max(variants, key=lambda variant: variant.width)
    return ProcessedImage(key=key, width=largest.width, height=largest.height, variants=tuple(variants))
