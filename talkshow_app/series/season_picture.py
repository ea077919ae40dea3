"""The season timeline of a page (``/talkshows``, the series board): its picture and the same talkshows in words.

Takes the talkshows the page has loaded already (with their themes), adds their seats filled from
one grouped count, and hands plain, translated values to the pure ``timeline`` builder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup

from ..database import utcnow
from ..i18n import current_language
from ..registrations.seats import seat_counts
from ..timezones import to_local
from .models import Talkshow, TalkshowStatus
from .timeline import Axis, TimelineItem, season_months, season_of, timeline_svg


@dataclass(frozen=True)
class Entry:
    """One talkshow in the text beside the picture."""

    talkshow: Talkshow
    day: date
    theme: str
    seats: str  # "45 of 80 seats filled"


@dataclass(frozen=True)
class SeasonTimeline:
    season: str  # "2026–2027"
    svg: Markup
    entries: list[Entry]


def season_timeline(
    talkshows: Iterable[Talkshow], chart_id: str, *, public: bool, now: datetime | None = None
) -> SeasonTimeline:
    """The current season's talkshows among ``talkshows`` (cancelled ones left out), in date order.

    ``public``: the seats of talkshows already held are left out (``/impact`` shows those counts of
    people only when they single nobody out); upcoming talkshows show them, as their cards do.
    """
    moment = now or utcnow()
    today = to_local(moment).date()
    season = season_of(today)
    chosen = sorted(
        (
            t
            for t in talkshows
            if t.status != TalkshowStatus.CANCELLED and season_of(to_local(t.starts_at).date()) == season
        ),
        key=lambda t: (t.starts_at, t.id),
    )
    counts = seat_counts([t.id for t in chosen])
    language = current_language()
    items, entries = [], []
    for talkshow in chosen:
        day = to_local(talkshow.starts_at).date()
        filled: int | None = counts[talkshow.id].confirmed if talkshow.id in counts else 0
        theme = talkshow.theme.display_name(language)
        if public and talkshow.ends_at < moment:
            filled, seats = None, _("held")
        else:
            seats = _("%(filled)d of %(capacity)d seats filled", filled=filled, capacity=talkshow.capacity)
        label = f"{talkshow.title}, {format_date(day, 'd MMMM yyyy')}, {theme}: {seats}"
        items.append(TimelineItem(day, theme, talkshow.theme.colour, talkshow.capacity, filled, label))
        entries.append(Entry(talkshow, day, theme, seats))
    label = f"{season}–{season + 1}"
    axis = Axis(season, [format_date(month, "LLL") for month in season_months(season)], today)
    svg = timeline_svg(
        chart_id,
        _("The %(season)s season on a time axis", season=label),
        _(
            "One bar per talkshow at its date, from September to August, in its theme's colour; the filled part "
            "of a bar is the share of its seats taken. A dashed line marks today. The same talkshows are listed "
            "below the picture."
        )
        + (" " + _("A dashed bar is a talkshow already held.") if public else ""),
        axis,
        items,
    )
    return SeasonTimeline(label, svg, entries)
