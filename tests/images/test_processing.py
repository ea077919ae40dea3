"""The pure pipeline: every upload comes out re-encoded, upright, without metadata, in the widths pages use."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from talkshow_app.images import processing
from talkshow_app.images.processing import ImageRefused, Refusal, process
from tests.images.conftest import BLUE, RED, jpeg_with_gps_and_rotation, png_bytes


def _open(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


def _near(pixel, colour) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(pixel, colour, strict=True))


def test_gps_and_every_other_exif_tag_are_gone_and_orientation_is_applied():
    original = jpeg_with_gps_and_rotation()
    assert _open(original).getexif().get_ifd(0x8825), "the test picture must carry GPS to begin with"
    result = process(original)
    assert result.widths == (320,)  # shown upright it is 400 wide: only the widths it fills
    for variant in result.variants:
        picture = _open(variant.data)
        assert dict(picture.getexif()) == {}
        assert "exif" not in picture.info and "icc_profile" not in picture.info and "xmp" not in picture.info
        assert (picture.width, picture.height) == (320, 640)  # upright: portrait now
        assert _near(picture.getpixel((160, 20)), RED) and _near(picture.getpixel((160, 620)), BLUE)
    assert {v.extension for v in result.variants} == {"webp", "jpg"}


def test_large_pictures_come_in_three_widths_and_are_capped():
    result = process(png_bytes((4000, 2000)))
    assert result.widths == (320, 640, 1280)
    assert {(_open(v.data).format, v.width) for v in result.variants} == {
        (fmt, w) for fmt in ("WEBP", "JPEG") for w in (320, 640, 1280)
    }
    assert (result.width, result.height) == (1280, 640)


def test_same_pixels_same_key_different_pixels_different_key():
    assert process(png_bytes(colour=(1, 2, 3))).key == process(png_bytes(colour=(1, 2, 3))).key
    assert process(png_bytes(colour=(1, 2, 3))).key != process(png_bytes(colour=(3, 2, 1))).key


def test_transparency_is_flattened_on_white():
    out = io.BytesIO()
    Image.new("RGBA", (400, 300), (0, 0, 0, 0)).save(out, "PNG")
    picture = _open(process(out.getvalue()).variants[-1].data)
    assert picture.mode == "RGB" and _near(picture.getpixel((10, 10)), (255, 255, 255))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", Refusal.EMPTY),
        (b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n", Refusal.NOT_AN_IMAGE),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 60, Refusal.NOT_AN_IMAGE),  # a PNG signature and nothing behind it
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", Refusal.NOT_AN_IMAGE),
    ],
)
def test_what_is_not_a_picture_is_refused(data, reason):
    with pytest.raises(ImageRefused) as refused:
        process(data)
    assert refused.value.reason == reason


def test_unsupported_formats_are_refused():
    out = io.BytesIO()
    Image.new("RGB", (50, 50)).save(out, "TIFF")
    with pytest.raises(ImageRefused) as refused:
        process(out.getvalue())
    assert refused.value.reason == Refusal.UNSUPPORTED


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    out = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(out, "PNG")  # 50 megapixels in a few kilobytes
    assert len(out.getvalue()) < 100_000
    with pytest.raises(ImageRefused) as refused:
        process(out.getvalue())
    assert refused.value.reason == Refusal.TOO_MANY_PIXELS


def test_files_over_the_size_limit_are_refused_unread():
    with pytest.raises(ImageRefused) as refused:
        process(png_bytes(), max_bytes=100)
    assert refused.value.reason == Refusal.TOO_LARGE


def test_small_pictures_keep_their_own_width():
    assert processing.target_widths(200) == (200,)
    assert processing.target_widths(700) == (320, 640)
