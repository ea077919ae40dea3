"""Where pictures live on disk: ``UPLOAD_FOLDER/images`` (uploads) and ``UPLOAD_FOLDER/images/drawn`` (share pictures).

Files are written to a temporary name and renamed, so a reader never sees half a file. Names carry
a hash of their content, so a file never changes once written.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .processing import FORMATS, ProcessedImage, variant_filename

UPLOADED_NAME = re.compile(r"^[0-9a-f]{20}-[0-9]{1,4}\.(webp|jpg)$")
DRAWN_NAME = re.compile(r"^[a-z0-9-]{1,90}-[0-9a-f]{16}\.png$")


def images_dir(upload_folder: str) -> Path:
    return Path(upload_folder) / "images"


def drawn_dir(upload_folder: str) -> Path:
    return images_dir(upload_folder) / "drawn"


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_variants(upload_folder: str, processed: ProcessedImage) -> list[Path]:
    folder = images_dir(upload_folder)
    written = []
    for variant in processed.variants:
        path = folder / variant.filename(processed.key)
        if not path.exists():
            write_atomically(path, variant.data)
        written.append(path)
    return written


def delete_variants(upload_folder: str, key: str, widths: list[int]) -> None:
    folder = images_dir(upload_folder)
    for width in widths:
        for extension, _format in FORMATS:
            (folder / variant_filename(key, width, extension)).unlink(missing_ok=True)
