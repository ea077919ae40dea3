"""Verification codes: 12 random characters from an alphabet without look-alikes (about 59 bits), shown in threes."""

from __future__ import annotations

import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, no 1/I
LENGTH = 12
GROUP = 4


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def display(code: str) -> str:
    """``ABCD-EFGH-JKLM``: easy to read out and to type."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise(typed: str) -> str | None:
    """What a person typed or a link carried, as stored; None when it cannot be a code at all."""
    if len(typed) > 40:
        return None
    code = "".join(ch for ch in typed.upper() if ch not in "- ")
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code
