"""The themes' colours as CSS classes (``.theme-<id>``), so no page needs an inline style.

The Content-Security-Policy forbids ``style=""`` attributes; this stylesheet is generated from
the stored colours instead. Only strict ``#rrggbb`` values are written, so a colour can never
smuggle CSS into the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def theme_stylesheet(themes: Iterable[tuple[int, str]]) -> str:
    """CSS for (theme id, colour) pairs; invalid colours fall back to the site's brand colour."""
    lines = ["/* Generated from the themes' colours. */"]
    for theme_id, colour in sorted(themes):
        if not isinstance(theme_id, int) or not _COLOUR.fullmatch(colour or ""):
            continue
        lines.append(f".theme-{theme_id} {{ --theme-colour: {colour.lower()}; }}")
    return "\n".join(lines) + "\n"
