"""Secondary suppression: a hidden count of people cannot be worked out by subtraction.

``/impact`` shows totals beside their parts: all seasons beside each season, all themes beside
each theme, a season's theme beside its talkshows, the people who came beside their affiliations.
Hiding only the counts from 1 to 4 (primary suppression) is not enough: "all seasons" minus the
shown season gives the hidden one. ``protect`` therefore also hides, in every such sum that would
otherwise have exactly one hidden member, a second one: the total for the sum over seasons (the
"all seasons" figure is the least missed), else the smallest non-zero part (the next-smallest
cell in the same row or column), else the total; it repeats until no sum has exactly one hidden
member. Every hidden count shows the same mark, so a reader cannot tell a small count from a
count hidden to protect it. The decision is made once over all figures, so every page, CSV file
and the JSON show the same cells hidden whatever the selection.

Keys: ``(season | None, theme id | None, measure)`` for a season's (or all seasons') theme (or all
themes), and ``("talkshow", id, measure)``; measures are ``seats_filled``, ``attended`` and
``aff.<affiliation>``. Pure: plain values in, a set of keys out.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

Key = tuple[Hashable, ...]


@dataclass(frozen=True)
class Sum:
    """``total`` = the sum of ``parts``; ``total_first``: hide the total before another part."""

    total: Key
    parts: tuple[Key, ...]
    total_first: bool = False


def protect(values: Mapping[Key, int], sums: Sequence[Sum], threshold: int) -> frozenset[Key]:
    """The keys to hide: the counts from 1 to ``threshold - 1`` and what could give them away."""
    hidden = {key for key, value in values.items() if 0 < value < threshold}
    changed = True
    while changed:
        changed = False
        for group in sums:
            members = (group.total, *group.parts)
            if sum(key in hidden for key in members) != 1:
                continue
            shown_parts = sorted(
                (key for key in group.parts if key not in hidden and values.get(key, 0) > 0),
                key=lambda key: (values[key], repr(key)),
            )
            total_hideable = group.total not in hidden and values.get(group.total, 0) > 0
            if total_hideable and (group.total_first or not shown_parts):
                hidden.add(group.total)
            elif shown_parts:
                hidden.add(shown_parts[0])
            else:  # every other member is 0: the hidden one is 0 too, nothing to give away
                continue
            changed = True
    return frozenset(hidden)


@dataclass(frozen=True)
class TalkshowCounts:
    id: int
    season: int
    theme_id: int
    seats_filled: int
    attended: int


def sums_and_values(
    seasons: Sequence[int],
    theme_ids: Sequence[int],
    affiliations: Sequence[str],
    talkshows: Iterable[TalkshowCounts],
    cell_values: Mapping[tuple[int, int], Mapping[str, int]],
) -> tuple[dict[Key, int], list[Sum]]:
    """Every shown count of people and every sum between them (``cell_values``: per (season, theme) the measures)."""
    measures = ["seats_filled", "attended", *(f"aff.{key}" for key in affiliations)]
    values: dict[Key, int] = {}
    seasons_all: list[int | None] = [*seasons, None]
    themes_all: list[int | None] = [*theme_ids, None]
    for season in seasons:
        for theme in theme_ids:
            for measure in measures:
                value = cell_values.get((season, theme), {}).get(measure, 0)
                values[season, theme, measure] = value
                values[season, None, measure] = values.get((season, None, measure), 0) + value
                values[None, theme, measure] = values.get((None, theme, measure), 0) + value
                values[None, None, measure] = values.get((None, None, measure), 0) + value
    sums: list[Sum] = []
    for any_season in seasons_all:
        for any_theme in themes_all:
            parts = tuple((any_season, any_theme, f"aff.{key}") for key in affiliations)
            sums.append(Sum((any_season, any_theme, "attended"), parts))
    for measure in measures:
        for any_season in seasons_all:
            sums.append(Sum((any_season, None, measure), tuple((any_season, t, measure) for t in theme_ids)))
        for any_theme in themes_all:
            sums.append(Sum((None, any_theme, measure), tuple((s, any_theme, measure) for s in seasons), True))
    per_cell: dict[tuple[int, int], list[TalkshowCounts]] = {}
    for talkshow in talkshows:
        per_cell.setdefault((talkshow.season, talkshow.theme_id), []).append(talkshow)
        values["talkshow", talkshow.id, "seats_filled"] = talkshow.seats_filled
        values["talkshow", talkshow.id, "attended"] = talkshow.attended
    for (season, theme), members in per_cell.items():
        for measure in ("seats_filled", "attended"):
            sums.append(Sum((season, theme, measure), tuple(("talkshow", t.id, measure) for t in members)))
    return values, sums
