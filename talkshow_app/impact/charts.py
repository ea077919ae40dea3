"""Server-rendered SVG charts: no JavaScript, no chart library, readable at 320 CSS pixels.

Each builder takes plain values (texts already translated, numbers already thresholded: a
value of ``None`` with a shown text such as "< 5" draws no bar) and returns the ``<svg>`` as
``Markup``. Every chart has ``role="img"``, a ``<title>`` and a ``<desc>`` (referenced with
``aria-labelledby``) and is drawn in a 320-unit wide viewBox that scales with its container; the
page always puts the same numbers in a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

WIDTH = 320
LABEL_HEIGHT = 19  # the label line above each bar
BAR_HEIGHT = 16
LABEL_FONT = 15  # in viewBox units: about 13.5 CSS pixels in a 288-pixel column at 320 pixels wide
VALUE_FONT = 14
GAP = 10
VALUE_SPACE = 44  # room right of the longest bar for its number
PALETTE = ("#1d4f91", "#b3541e", "#2e7d4f", "#6b3fa0")  # dark enough for white text and on white (WCAG AA)


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (``None``: not drawn) and the text shown beside it."""

    label: str
    value: float | None
    shown: str


@dataclass(frozen=True)
class Group:
    """Several bars under one label (a theme), one per series (received, accepted, …)."""

    label: str
    bars: Sequence[Bar]


MAX_LABEL = 38  # characters that fit one line of the viewBox; the table beside the chart has the full text


def _text(value: str) -> str:
    return escape(value, quote=True)


def _label(value: str) -> str:
    return _text(value if len(value) <= MAX_LABEL else value[: MAX_LABEL - 1].rstrip() + "…")


def _frame(chart_id: str, title: str, desc: str, height: int, body: list[str]) -> Markup:
    # Every text in the markup went through ``_text``/``_label`` (html.escape) and every number is formatted here.
    return Markup(  # nosec B704 - built only from escaped texts and formatted numbers
        f'<svg class="impact-chart" id="{_text(chart_id)}" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="{_text(chart_id)}-title '
        f'{_text(chart_id)}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{_text(chart_id)}-title">{_text(title)}</title>'
        f'<desc id="{_text(chart_id)}-desc">{_text(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _scale(values: Sequence[float | None]) -> float:
    largest = max((v for v in values if v is not None), default=0)
    return (WIDTH - VALUE_SPACE) / largest if largest > 0 else 0.0


def _bar(y: float, bar: Bar, scale: float, colour: str) -> list[str]:
    length = (bar.value or 0) * scale
    parts = []
    if length > 0:
        parts.append(
            f'<rect x="0" y="{y:.0f}" width="{max(length, 1):.1f}" height="{BAR_HEIGHT}" fill="{colour}"></rect>'
        )
    parts.append(
        f'<text x="{length + 4:.1f}" y="{y + BAR_HEIGHT - 3:.0f}" font-size="{VALUE_FONT}" fill="#1a1a1a">'
        f"{_text(bar.shown)}</text>"
    )
    return parts


def bar_chart(chart_id: str, title: str, desc: str, bars: Sequence[Bar]) -> Markup:
    """Horizontal bars, one per row: the label on its own line, the bar and its number below it."""
    scale = _scale([bar.value for bar in bars])
    body: list[str] = []
    y = 4.0
    for bar in bars:
        body.append(f'<text x="0" y="{y + 14:.0f}" font-size="{LABEL_FONT}" fill="#1a1a1a">{_label(bar.label)}</text>')
        y += LABEL_HEIGHT + 2
        body.extend(_bar(y, bar, scale, PALETTE[0]))
        y += BAR_HEIGHT + GAP
    if not bars:
        body.append(f'<text x="0" y="20" font-size="{LABEL_FONT}" fill="#1a1a1a">–</text>')
        y = 30
    return _frame(chart_id, title, desc, int(y) + 2, body)


def grouped_bar_chart(chart_id: str, title: str, desc: str, series: Sequence[str], groups: Sequence[Group]) -> Markup:
    """Per group a label line and one bar per series; a legend of the series at the top."""
    scale = _scale([bar.value for group in groups for bar in group.bars])
    body: list[str] = []
    x, y = 0.0, 4.0
    for index, name in enumerate(series):  # the legend, wrapping within the width
        width = 20 + 8 * len(name)
        if x + width > WIDTH:
            x, y = 0.0, y + 20
        body.append(
            f'<rect x="{x:.0f}" y="{y:.0f}" width="12" height="12" fill="{PALETTE[index % len(PALETTE)]}"></rect>'
        )
        body.append(
            f'<text x="{x + 18:.0f}" y="{y + 12:.0f}" font-size="{VALUE_FONT}" fill="#1a1a1a">{_text(name)}</text>'
        )
        x += width + 8
    y += 26
    for group in groups:
        body.append(
            f'<text x="0" y="{y + 14:.0f}" font-size="{LABEL_FONT}" font-weight="bold" fill="#1a1a1a">'
            f"{_label(group.label)}</text>"
        )
        y += LABEL_HEIGHT + 2
        for index, bar in enumerate(group.bars):
            body.extend(_bar(y, bar, scale, PALETTE[index % len(PALETTE)]))
            y += BAR_HEIGHT + 3
        y += GAP
    return _frame(chart_id, title, desc, int(y) + 2, body)
