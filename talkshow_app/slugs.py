"""Readable, stable URL slugs from Dutch titles."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 80) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_WORD.sub("-", ascii_text.lower()).strip("-")
    return slug[:max_length].strip("-") or "item"


def unique_slug(text: str, is_taken: Callable[[str], bool], max_length: int = 80) -> str:
    """The slug of ``text``, with -2, -3 … appended until ``is_taken`` says it is free."""
    base = slugify(text, max_length)
    candidate, counter = base, 2
    while is_taken(candidate):
        suffix = f"-{counter}"
        candidate = base[: max_length - len(suffix)] + suffix
        counter += 1
    return candidate
