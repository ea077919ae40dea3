"""Which candidates a question keeps in its stored ranking, and how a change to one candidate moves it.

Pure: plain ``scoring`` values in and out, no Flask, no database (``candidate_scores`` stores the
result). A question keeps the union of two prefixes of its ranking (best first, ties by slug and kind):

* the best ``KEEP_BEST`` relevant candidates (the page shows ``MAX_MATCHES_SHOWN`` of them), and
* the best ``KEEP_AVAILABLE`` relevant candidates that still have room (the overview's best fit and
  the pool that teams are built from).

Everything outside the kept set ranks below the last kept one of each prefix, so when one candidate
changes, the new kept set follows from the stored rows and that candidate alone (``merge``), except
when a kept candidate falls back out of a prefix that was full: then the question is ranked anew.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import scoring

KEEP_BEST = 30
KEEP_AVAILABLE = 12
ROUNDING_MARGIN = 1e-6  # scores are rounded to 6 places; a bound must not lose to that rounding


@dataclass(frozen=True)
class Entry:
    """One kept candidate as stored: enough to order it and to say whether it has room."""

    kind: str
    slug: str
    score: float
    available: bool

    @property
    def key(self) -> tuple[float, str, str]:
        return (-self.score, self.slug, self.kind)


@dataclass(frozen=True)
class Kept:
    entries: tuple[Entry, ...]  # best first
    count_best: int  # how many fill the first prefix (KEEP_BEST when it is full)
    floor_best: float  # the score of its last entry (0 when empty)
    count_available: int
    floor_available: float

    @property
    def full(self) -> bool:
        """More relevant candidates may exist than are kept."""
        return self.count_best >= KEEP_BEST


def entry_of(match: scoring.Match) -> Entry:
    return Entry(match.kind, match.slug, match.score, match.available)


def keep(entries: Iterable[Entry]) -> Kept:
    """The kept set of these (relevant) entries: the union of both prefixes."""
    ordered = sorted(entries, key=lambda e: e.key)
    best = ordered[:KEEP_BEST]
    available = [e for e in ordered if e.available][:KEEP_AVAILABLE]
    chosen = {(e.kind, e.slug) for e in best} | {(e.kind, e.slug) for e in available}
    return Kept(
        entries=tuple(e for e in ordered if (e.kind, e.slug) in chosen),
        count_best=len(best),
        floor_best=best[-1].score if best else 0.0,
        count_available=len(available),
        floor_available=available[-1].score if available else 0.0,
    )


def may_enter(entry: Entry, count_best: int, floor_best: float, count_available: int, floor_available: float) -> bool:
    """Could this (relevant) entry belong to a kept set with these counts and floors? Ties count as yes."""
    if count_best < KEEP_BEST or entry.score >= floor_best:
        return True
    return entry.available and (count_available < KEEP_AVAILABLE or entry.score >= floor_available)


def merge(kept: Sequence[Entry], old: Entry | None, new: Entry | None, was_full: bool) -> Kept | None:
    """The kept set after one candidate changed from ``old`` (None: not kept) to ``new`` (None: no longer
    relevant or gone), or None when only ranking the question anew can tell (a kept candidate fell back
    while more candidates may wait outside)."""
    if old is not None and was_full:
        still_ahead = new is not None and new.key <= old.key and (new.available or not old.available)
        if not still_ahead:
            return None
    rest = [e for e in kept if old is None or (e.kind, e.slug) != (old.kind, old.slug)]
    if new is not None:
        rest = [e for e in rest if (e.kind, e.slug) != (new.kind, new.slug)] + [new]
    return keep(rest)


_THEME, _DISCIPLINES, _PLACE, _TIME = (scoring.WEIGHTS[n] for n in ("theme", "disciplines", "place", "time"))


def _time_fit(need: scoring.Need, candidate: scoring.Candidate) -> float:
    """``scoring.time_fit`` without its reason (the same arithmetic, in the same order)."""
    if candidate.period_start is None and candidate.period_end is None:
        return 1.0
    if need.starts_on is None and need.deadline is None:
        return 1.0
    window_start: date = need.starts_on or candidate.period_start or need.deadline or date.min
    window_end: date = need.deadline or candidate.period_end or need.starts_on or date.max
    if window_end < window_start:
        return 0.0
    overlap_start = max(window_start, candidate.period_start or date.min)
    overlap_end = min(window_end, candidate.period_end or date.max)
    if overlap_end < overlap_start:
        return 0.0
    share = ((overlap_end - overlap_start).days + 1) / ((window_end - window_start).days + 1)
    return 1.0 if share >= 1.0 else share


def _place_fit(need: scoring.Need, candidate: scoring.Candidate) -> float:
    """``scoring.place_fit`` without its reason."""
    if need.wijk and need.wijk in candidate.wijken:
        return scoring.PLACE_SAME_WIJK
    if need.stadsdeel and need.stadsdeel in candidate.stadsdelen:
        return scoring.PLACE_SAME_STADSDEEL
    if need.stadsdeel is None or not candidate.stadsdelen:
        return scoring.PLACE_CITY_WIDE
    return 0.0


def fast_score(need: scoring.Need, candidate: scoring.Candidate) -> float:
    """``scoring.quick_score`` without building any reason, for ranking every question at once; the
    property tests keep the two equal to the last digit."""
    theme = 1.0 if need.theme in candidate.themes else 0.0
    if need.disciplines:
        hits = len(need.disciplines & candidate.disciplines)
        coverage = hits / len(need.disciplines)
        precision = hits / len(candidate.disciplines) if candidate.disciplines else 0.0
        disciplines = scoring.COVERAGE_WEIGHT * coverage + scoring.PRECISION_WEIGHT * precision
    else:
        disciplines = 1.0
    time = _time_fit(need, candidate)
    total = _THEME * theme + _DISCIPLINES * disciplines + _PLACE * _place_fit(need, candidate) + _TIME * time
    if time == 0.0:
        total *= scoring.OUTSIDE_PERIOD_PENALTY
    if candidate.remaining is not None and candidate.remaining <= 0:
        total *= scoring.FULL_PENALTY
    return round(min(max(total, 0.0), 1.0), 6)


class Index:
    """Candidates indexed by theme, discipline, place and room, to rank many questions without scoring
    every pair.

    A question's candidates fall in groups with an upper bound on their scores: first by whether they
    work on the theme and how many wanted disciplines they bring, and once such a group is reached, by
    their place fit and whether they have room (set operations, no loop in Python). Groups are scored
    best bound first, and scoring stops when no remaining group can reach the last kept score of both
    prefixes.
    """

    def __init__(self, candidates: Iterable[scoring.Candidate]) -> None:
        self.candidates = list(candidates)
        self._by_theme: dict[str, set[int]] = {}
        self._by_discipline: dict[str, list[int]] = {}
        self._by_stadsdeel: dict[str, set[int]] = {}
        self._by_wijk: dict[str, set[int]] = {}
        self._city_wide: set[int] = set()
        self._free: set[int] = set()
        for index, candidate in enumerate(self.candidates):
            for theme in candidate.themes:
                self._by_theme.setdefault(theme, set()).add(index)
            for discipline in candidate.disciplines:
                self._by_discipline.setdefault(discipline, []).append(index)
            for stadsdeel in candidate.stadsdelen:
                self._by_stadsdeel.setdefault(stadsdeel, set()).add(index)
            for wijk in candidate.wijken:
                self._by_wijk.setdefault(wijk, set()).add(index)
            if not candidate.stadsdelen:
                self._city_wide.add(index)
            if candidate.remaining is None or candidate.remaining > 0:
                self._free.add(index)

    @staticmethod
    def _bound(theme: float, disciplines: float, place: float, free: bool) -> float:
        total = (
            scoring.WEIGHTS["theme"] * theme
            + scoring.WEIGHTS["disciplines"] * disciplines
            + scoring.WEIGHTS["place"] * place
            + scoring.WEIGHTS["time"]
        )
        return total if free else total * scoring.FULL_PENALTY

    def _split(self, need: scoring.Need, members: set[int], theme: float, disciplines: float) -> list[tuple]:
        """One group split by place fit (as ``scoring.place_fit`` decides it) and room."""
        places: list[tuple[float, set[int]]] = []
        rest = members
        if need.wijk:
            near = rest & self._by_wijk.get(need.wijk, set())
            places.append((scoring.PLACE_SAME_WIJK, near))
            rest = rest - near
        if need.stadsdeel:
            same = rest & self._by_stadsdeel.get(need.stadsdeel, set())
            anywhere = (rest - same) & self._city_wide
            places += [
                (scoring.PLACE_SAME_STADSDEEL, same),
                (scoring.PLACE_CITY_WIDE, anywhere),
                (0.0, rest - same - anywhere),
            ]
        else:
            places.append((scoring.PLACE_CITY_WIDE, rest))
        groups = []
        for place, group in places:
            free = group & self._free
            groups.append((self._bound(theme, disciplines, place, True), free))
            groups.append((self._bound(theme, disciplines, place, False), group - free))
        return [(bound, group) for bound, group in groups if group]

    def kept_for(self, need: scoring.Need) -> Kept:
        """The kept set of one question over all indexed candidates; equal to ``keep`` over the full ranking."""
        themed = self._by_theme.get(need.theme, set())
        wanted = len(need.disciplines)
        best_place = scoring.PLACE_SAME_WIJK if need.wijk else scoring.PLACE_SAME_STADSDEEL
        # (-bound, order, members or None for "themed without wanted disciplines", theme, disciplines, split?)
        heap: list[tuple[float, int, Any, float, float, bool]] = []
        hits: Counter[int] = Counter()
        if wanted:
            for discipline in need.disciplines:
                hits.update(self._by_discipline.get(discipline, ()))
            by_count: dict[tuple[bool, int], list[int]] = {}
            for index, count in hits.items():
                by_count.setdefault((index in themed, count), []).append(index)
            for (on_theme, count), members in by_count.items():
                disciplines = scoring.COVERAGE_WEIGHT * count / wanted + scoring.PRECISION_WEIGHT
                bound = self._bound(float(on_theme), disciplines, best_place, True)
                heap.append((-bound, len(heap), members, float(on_theme), disciplines, False))
            heap.append((-self._bound(1.0, 0.0, best_place, True), len(heap), None, 1.0, 0.0, False))
        else:
            heap.append((-self._bound(1.0, 1.0, best_place, True), 0, themed, 1.0, 1.0, False))
        heapq.heapify(heap)
        order = len(heap)
        best: list[float] = []  # the KEEP_BEST highest scores so far (a min-heap)
        free: list[float] = []  # the same for candidates with room
        scored: list[tuple[int, float]] = []
        while heap:
            negative, _, members, theme, disciplines, split = heapq.heappop(heap)
            full = len(best) >= KEEP_BEST and len(free) >= KEEP_AVAILABLE
            if full and -negative + ROUNDING_MARGIN < min(best[0], free[0]):
                break
            if not split:
                group = set(members) if members is not None else themed - hits.keys()
                for bound, part in self._split(need, group, theme, disciplines):
                    heapq.heappush(heap, (-bound, order, part, theme, disciplines, True))
                    order += 1
                continue
            for index in members:
                value = fast_score(need, self.candidates[index])
                scored.append((index, value))
                heapq.heappush(best, value)
                if len(best) > KEEP_BEST:
                    heapq.heappop(best)
                if index in self._free:
                    heapq.heappush(free, value)
                    if len(free) > KEEP_AVAILABLE:
                        heapq.heappop(free)
        candidates = self.candidates
        return keep(Entry(candidates[i].kind, candidates[i].slug, value, i in self._free) for i, value in scored)
