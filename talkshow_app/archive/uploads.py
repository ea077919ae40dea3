"""What an uploaded file really is, decided by its bytes. Pure: no Flask, no database.

The name a browser sends is only a claim: a script renamed ``verslag.pdf`` is refused because it
does not start like a PDF, and a path such as ``../../etc/passwd`` never reaches the disk because
files are stored under a random name.
"""

from __future__ import annotations

import enum
import io
import lzma
import secrets
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
WEBP = "image/webp"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODP = "application/vnd.oasis.opendocument.presentation"

# Extensions people may give each detected type; the first is the one we store under.
EXTENSIONS = {
    PDF: ("pdf",),
    PNG: ("png",),
    JPEG: ("jpg", "jpeg"),
    WEBP: ("webp",),
    PPTX: ("pptx",),
    ODP: ("odp",),
}
ACCEPTED_EXTENSIONS = tuple(sorted({ext for exts in EXTENSIONS.values() for ext in exts}))

# A presentation is a ZIP package: what it unpacks to is bounded too, not only the upload's size, so a
# "zip bomb" (a small file that unpacks to gigabytes) is never offered to visitors. A real slide deck
# has a few hundred parts, unpacks to tens of megabytes and its large parts (images, media) are
# already compressed; these bounds are far above that.
MAX_ZIP_MEMBERS = 2000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024  # members up to this size may compress as well as they like
_READ_CHUNK = 1024 * 1024
# What reading a damaged, encrypted or unusual package can raise (zipfile does not wrap the decompressors').
_BROKEN_ZIP = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    KeyError,
    ValueError,
    NotImplementedError,
    EOFError,
    RuntimeError,
    OSError,
    zlib.error,
    lzma.LZMAError,
)


class Refusal(enum.StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    NO_NAME = "no_name"
    UNKNOWN_EXTENSION = "unknown_extension"
    NOT_ALLOWED = "not_allowed"
    MISMATCH = "mismatch"
    BROKEN_PDF = "broken_pdf"
    BROKEN_SLIDES = "broken_slides"
    TOO_MANY_PARTS = "too_many_parts"
    UNPACKS_TOO_LARGE = "unpacks_too_large"


class UploadRefused(ValueError):
    def __init__(self, reason: Refusal):
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True)
class Detected:
    content_type: str
    extension: str

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


def display_name(filename: str | None) -> str:
    """The last part of whatever path the browser sent, without control characters."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:190] + dot + ext[:9]) if dot else name[:200]
    return name


def download_name(original_name: str, extension: str) -> str:
    """An ASCII-safe name for Content-Disposition that always ends in the real extension."""
    stem = display_name(original_name).rpartition(".")[0] or display_name(original_name)
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in ascii_stem).strip("-_")
    while "--" in safe:
        safe = safe.replace("--", "-")
    return f"{(safe or 'bestand')[:100]}.{extension}"


def stored_name(extension: str) -> str:
    """A random name nobody can guess or steer; the only name that touches the disk."""
    return f"{secrets.token_hex(16)}.{extension}"


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"PK\x03\x04"):
        return _sniff_presentation(data)
    return None


def _sniff_presentation(data: bytes) -> str:
    """PPTX and ODP are ZIP files: trust the package's own type declaration, not the name."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            entries = package.infolist()
            _check_unpacked_size(package, entries)
            names = {entry.filename for entry in entries}
            if (
                "mimetype" in names
                and package.getinfo("mimetype").file_size < 200
                and package.read("mimetype").strip() == ODP.encode()
            ):
                return ODP
            if "[Content_Types].xml" in names and "ppt/presentation.xml" in names:
                info = package.getinfo("[Content_Types].xml")
                if info.file_size < 1_000_000 and b"presentationml.presentation.main+xml" in package.read(info):
                    return PPTX
    except UploadRefused:
        raise
    except _BROKEN_ZIP as error:
        raise UploadRefused(Refusal.BROKEN_SLIDES) from error
    raise UploadRefused(Refusal.NOT_ALLOWED)


def _check_unpacked_size(package: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """Refuse a package with too many parts or that unpacks to too much, by its declared sizes.

    Then every part is read through once (in chunks, never all in memory): zipfile stops at a part's
    declared size and checks its CRC, so a package that understates its sizes is refused as damaged.
    """
    if len(entries) > MAX_ZIP_MEMBERS:
        raise UploadRefused(Refusal.TOO_MANY_PARTS)
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise UploadRefused(Refusal.UNPACKS_TOO_LARGE)
    for entry in entries:
        if entry.file_size > RATIO_CHECKED_FROM and entry.file_size > MAX_RATIO * entry.compress_size:
            raise UploadRefused(Refusal.UNPACKS_TOO_LARGE)
    for entry in entries:
        with package.open(entry) as member:
            while member.read(_READ_CHUNK):
                pass


def detect(data: bytes, filename: str | None, max_bytes: int) -> Detected:
    """The file's real type, or UploadRefused saying why it is not accepted."""
    name = display_name(filename)
    if not name:
        raise UploadRefused(Refusal.NO_NAME)
    if not data:
        raise UploadRefused(Refusal.EMPTY)
    if len(data) > max_bytes:
        raise UploadRefused(Refusal.TOO_LARGE)
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in ACCEPTED_EXTENSIONS:
        raise UploadRefused(Refusal.UNKNOWN_EXTENSION)
    content_type = _sniff(data)
    if content_type is None:
        raise UploadRefused(Refusal.MISMATCH if extension == "pdf" else Refusal.NOT_ALLOWED)
    if extension not in EXTENSIONS[content_type]:
        raise UploadRefused(Refusal.MISMATCH)
    if content_type == PDF and b"%%EOF" not in data[-2048:]:
        raise UploadRefused(Refusal.BROKEN_PDF)
    return Detected(content_type=content_type, extension=EXTENSIONS[content_type][0])
