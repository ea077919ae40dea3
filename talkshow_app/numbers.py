"""Whole numbers read from what a visitor sends (URL arguments, form fields, cookies). Pure: no Flask.

Python's ``str.isdigit()`` and ``int()`` accept far more than ``0-9``: ``"²".isdigit()`` is True but
``int("²")`` raises, and ``int()`` takes Arabic-Indic digits (``"٣"``), underscores (``"1_000"``),
surrounding spaces and thousands of digits. A number from a request is read here instead: ASCII
digits only, a bounded length, within a range; anything else is ``None`` for the caller to refuse
or ignore.
"""

from __future__ import annotations

import re

DEFAULT_MAX_DIGITS = 9
# The largest id or counter a database integer column holds (PostgreSQL BIGINT, SQLite INTEGER).
MAX_ID = 2**63 - 1

_CACHE: dict[int, re.Pattern[str]] = {}


def _pattern(max_digits: int) -> re.Pattern[str]:
    pattern = _CACHE.get(max_digits)
    if pattern is None:
        pattern = _CACHE[max_digits] = re.compile(rf"\A-?[0-9]{{1,{max_digits}}}\Z", re.ASCII)
    return pattern


def parse_int(text: object, *, lowest: int, highest: int, max_digits: int = DEFAULT_MAX_DIGITS) -> int | None:
    """``text`` as a whole number in ``lowest..highest``, or None.

    Only ASCII digits, at most ``max_digits`` of them, no spaces, no ``+``; a leading ``-`` only
    when ``lowest`` is negative. Anything that is not a ``str`` is None too.
    """
    if not isinstance(text, str) or len(text) > max_digits + 1 or not _pattern(max_digits).match(text):
        return None
    if text.startswith("-") and lowest >= 0:
        return None
    value = int(text)
    return value if lowest <= value <= highest else None


def require_int(text: object, *, lowest: int, highest: int, max_digits: int = DEFAULT_MAX_DIGITS) -> int:
    """Like ``parse_int``, but ValueError instead of None (for WTForms fields, which turn it into a message)."""
    value = parse_int(text, lowest=lowest, highest=highest, max_digits=max_digits)
    if value is None:
        raise ValueError(f"not a whole number from {lowest} to {highest}: {text!r}")
    return value


def parse_id(text: object) -> int | None:
    """A database id (1 or more) sent as text, or None."""
    return parse_int(text, lowest=1, highest=MAX_ID, max_digits=19)


def coerce_id(value: object) -> int:
    """A WTForms ``coerce=`` for choices by id: an int passes, text must be a plain id, else ValueError."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    parsed = parse_int(value, lowest=0, highest=MAX_ID, max_digits=19)
    if parsed is None:
        raise ValueError(value)
    return parsed
