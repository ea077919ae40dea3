"""Readable, stable URL slugs from Dutch (and any other) titles, transliterated by python-slugify."""

from __future__ import annotations

from collections.abc import Callable

from slugify import slugify as _slugify


def slugify(text: str, max_length: int = 80) -> str:
    """``"Mehmet Yılmaz"`` → ``mehmet-yilmaz``, ``"Straße"`` → ``strasse``; never empty."""
    return _slugify(text, max_length=max_length, word_boundary=True, save_order=True) or "item"


def unique_slug(text: str, is_taken: Callable[[str], bool], max_length: int = 80) -> str:
    """The slug of ``text``, with -2, -3 … appended until ``is_taken`` says it is free."""
    base = slugify(text, max_length)
    candidate, counter = base, 2
    while is_taken(candidate):
        suffix = f"-{counter}"
        candidate = base[: max_length - len(suffix)].strip("-") + suffix
        counter += 1
    return candidate
