"""The season timeline: the season's talkshows on a time axis, coloured by theme, with their seats filled.

Pure: plain values in (texts already translated), an ``<svg>`` out as ``Markup``; no Flask, no
database, no script in the browser. Built like the impact charts: ``role="img"`` with a
``<title>`` and a ``<desc>`` (``aria-labelledby``), a 320-unit wide viewBox that scales with its
container so it reads at 320 CSS pixels; the page lists the same talkshows in text beside it.

Each talkshow is one mark (``<g class="timeline-mark">`` with its own ``<title>``): an outlined
bar whose full height is the capacity, filled from the bottom in the theme's colour up to the
seats filled, placed at its date between 1 September and 31 August; a talkshow whose seats are not
to be shown (``seats_filled`` None: the public page's talkshows already held, whose count of people
``/impact`` may hide) has a dashed outline and no fill. Talkshows too close to stand
side by side go to a second lane below. A dashed line marks today; a legend names the themes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from markupsafe import Markup

WIDTH = 320
LEFT = 6
RIGHT = 6
TOP = 4
LANE_HEIGHT = 56  # the height of a full bar: the capacity
LANE_GAP = 8
BAR_WIDTH = 4.5
AXIS_FONT = 13
LEGEND_FONT = 13
INK = "#1a1a1a"
MUTED = "#595959"  # 7:1 on white
FALLBACK_COLOUR = "#1d4f91"
SEASON_START_MONTH = 9
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def season_of(day: date) -> int:
    """The season (academic year, by its first calendar year) a local date falls in."""
    return day.year if day.month >= SEASON_START_MONTH else day.year - 1


def season_bounds(season: int) -> tuple[date, date]:
    return date(season, SEASON_START_MONTH, 1), date(season + 1, SEASON_START_MONTH - 1, 31)


def season_months(season: int) -> list[date]:
    """The first day of each of the season's twelve months, September first."""
    return [date(season + (month < SEASON_START_MONTH), month, 1) for month in (*range(9, 13), *range(1, 9))]


@dataclass(frozen=True)
class TimelineItem:
    """One talkshow: its local date, theme, capacity and seats filled, and ``label``: its whole story in words."""

    day: date
    theme: str
    colour: str
    capacity: int
    seats_filled: int | None  # None: not shown
    label: str


@dataclass(frozen=True)
class Axis:
    """The season and its month names (twelve, September first, translated), and today (None: outside)."""

    season: int
    month_names: Sequence[str]
    today: date | None = None


def _text(value: str) -> str:
    return escape(value, quote=True)


def colour_of(value: str) -> str:
    """Only a strict ``#rrggbb`` reaches the markup; anything else is the site's brand colour."""
    return value.lower() if _COLOUR.fullmatch(value or "") else FALLBACK_COLOUR


def x_of(day: date, season: int) -> float:
    first, last = season_bounds(season)
    span = (last - first).days or 1
    share = min(max((day - first).days / span, 0.0), 1.0)
    return LEFT + share * (WIDTH - LEFT - RIGHT - BAR_WIDTH)


def lanes(items: Sequence[TimelineItem], season: int) -> list[int]:
    """The lane of each item (in date order): the first lane whose last bar leaves room for this one."""
    ends: list[float] = []
    result = []
    for item in items:
        x = x_of(item.day, season)
        lane = next((i for i, end in enumerate(ends) if x >= end + 0.5), len(ends))
        if lane == len(ends):
            ends.append(x + BAR_WIDTH)
        else:
            ends[lane] = x + BAR_WIDTH
        result.append(lane)
    return result


def _mark(item: TimelineItem, x: float, top: float) -> str:
    colour = colour_of(item.colour)
    filled = 0.0
    if item.seats_filled is not None and item.capacity > 0:
        filled = LANE_HEIGHT * min(item.seats_filled / item.capacity, 1.0)
    dashed = ' stroke-dasharray="3 2"' if item.seats_filled is None else ""
    parts = [
        f'<g class="timeline-mark" data-colour="{colour}"><title>{_text(item.label)}</title>',
        f'<rect x="{x:.1f}" y="{top:.1f}" width="{BAR_WIDTH}" height="{LANE_HEIGHT}" fill="#ffffff" '
        f'stroke="{colour}" stroke-width="1"{dashed}></rect>',
    ]
    if filled > 0:
        parts.append(
            f'<rect x="{x:.1f}" y="{top + LANE_HEIGHT - filled:.1f}" width="{BAR_WIDTH}" height="{filled:.1f}" '
            f'fill="{colour}"></rect>'
        )
    parts.append("</g>")
    return "".join(parts)


def _legend(items: Sequence[TimelineItem], y: float) -> tuple[list[str], float]:
    body = []
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.theme, colour_of(item.colour))
    for theme, colour in seen.items():
        body.append(f'<rect x="{LEFT}" y="{y:.0f}" width="12" height="12" fill="{colour}"></rect>')
        body.append(
            f'<text x="{LEFT + 18}" y="{y + 11:.0f}" font-size="{LEGEND_FONT}" fill="{INK}">{_text(theme)}</text>'
        )
        y += 19
    return body, y


def timeline_svg(chart_id: str, title: str, desc: str, axis: Axis, items: Sequence[TimelineItem]) -> Markup:
    """The season's talkshows (``items`` in date order) on one time axis."""
    placed = lanes(items, axis.season)
    lane_count = max(placed, default=0) + 1
    body: list[str] = []
    for item, lane in zip(items, placed, strict=True):
        body.append(_mark(item, x_of(item.day, axis.season), TOP + lane * (LANE_HEIGHT + LANE_GAP)))
    axis_y = TOP + lane_count * (LANE_HEIGHT + LANE_GAP) - LANE_GAP + 2
    body.append(f'<line x1="{LEFT}" y1="{axis_y}" x2="{WIDTH - RIGHT}" y2="{axis_y}" stroke="{INK}"></line>')
    for index, (month, name) in enumerate(zip(season_months(axis.season), axis.month_names, strict=False)):
        x = x_of(month, axis.season)
        body.append(f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 5}" stroke="{INK}"></line>')
        if index % 2 == 0:  # every other month: the names stay readable at 320 pixels
            body.append(
                f'<text x="{x:.1f}" y="{axis_y + 19}" font-size="{AXIS_FONT}" fill="{INK}">{_text(name)}</text>'
            )
    if axis.today is not None and season_of(axis.today) == axis.season:
        x = x_of(axis.today, axis.season) + BAR_WIDTH / 2
        body.append(
            f'<line class="timeline-today" x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{axis_y}" stroke="{MUTED}" '
            f'stroke-dasharray="3 3"></line>'
        )
    legend, height = _legend(items, axis_y + 30)
    body.extend(legend)
    return _frame(chart_id, title, desc, int(height) + 4, body)


def _frame(chart_id: str, title: str, desc: str, height: int, body: list[str]) -> Markup:
    # Every text went through ``_text`` (html.escape), every colour through ``colour_of``, every number is formatted.
    return Markup(  # nosec B704 - built only from escaped texts, checked colours and formatted numbers
        f'<svg class="timeline-chart" id="{_text(chart_id)}" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="{_text(chart_id)}-title '
        f'{_text(chart_id)}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{_text(chart_id)}-title">{_text(title)}</title>'
        f'<desc id="{_text(chart_id)}-desc">{_text(desc)}</desc>' + "".join(body) + "</svg>"
    )
