"""How well an offer or a lab answers a question from the city: scores, reasons and teams.

Pure: plain dataclasses in and out, no Flask, no database, so every rule is tested with
crafted cases (tests/matching/test_scoring.py).

The score of one candidate is a weighted sum of four fits, each in 0..1::

    score = 0.30·theme + 0.35·disciplines + 0.15·place + 0.20·time

then multiplied by penalties that make a candidate practically unusable sink:
    × 0.5   when the offer's period does not overlap the question's window at all
    × 0.25  when the offer has no capacity left (it stays visible, marked "full")

* theme: 1 when the candidate works on the question's theme, else 0.
* disciplines (only when the question names disciplines; otherwise 1, nothing to miss)::

      coverage  = |wanted ∩ offered| / |wanted|
      precision = |wanted ∩ offered| / |offered|
      fit       = 0.85·coverage + 0.15·precision

  Coverage is what counts; precision has a small weight so that of two offers covering the
  same wanted disciplines, the focused one wins. An offer listing twelve disciplines gains
  nothing for the eleven nobody asked for, and loses a little.
* place: 1 same wijk, 0.8 same stadsdeel, 0.5 when either side is city-wide (a city-wide
  question, or an offer without preferred stadsdelen), 0 when the offer prefers other
  stadsdelen.
* time: the share of the question's window (earliest start … deadline) that falls inside the
  offer's period; 1 when either side gives no dates (nothing known to clash).

Ties are broken deterministically: score (descending), then slug, then kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import Any

WEIGHTS = {"theme": 0.30, "disciplines": 0.35, "place": 0.15, "time": 0.20}
COVERAGE_WEIGHT = 0.85
PRECISION_WEIGHT = 0.15
PLACE_SAME_WIJK = 1.0
PLACE_SAME_STADSDEEL = 0.8
PLACE_CITY_WIDE = 0.5
OUTSIDE_PERIOD_PENALTY = 0.5
FULL_PENALTY = 0.25
BROAD_OFFER_PRECISION = 0.5  # below this share of relevant disciplines an offer is called broad

TEAM_POOL = 12  # the best candidates that teams are built from (C(12, 3) = 220 combinations)
TEAM_LIMIT = 3
TEAM_COVERAGE_WEIGHT = 0.6
TEAM_MEMBER_WEIGHT = 0.3
TEAM_INSTITUTION_WEIGHT = 0.1


@dataclass(frozen=True)
class Need:
    """The question, as far as matching cares."""

    theme: str  # theme slug
    theme_name: str = ""
    disciplines: frozenset[str] = frozenset()  # discipline names
    stadsdeel: str | None = None  # None: city-wide
    wijk: str | None = None
    starts_on: date | None = None
    deadline: date | None = None


@dataclass(frozen=True)
class Candidate:
    """An offer or a lab that could take the question on."""

    kind: str  # "offer" | "lab"
    slug: str
    title: str
    institutions: frozenset[str] = frozenset()
    themes: frozenset[str] = frozenset()  # theme slugs
    disciplines: frozenset[str] = frozenset()  # discipline names
    stadsdelen: frozenset[str] = frozenset()  # empty: works city-wide
    wijken: frozenset[str] = frozenset()
    period_start: date | None = None
    period_end: date | None = None
    remaining: int | None = None  # None: no capacity to run out of (labs)


@dataclass(frozen=True)
class Reason:
    """One plain-words reason; ``code`` picks the sentence, ``values`` fill it in (see reasons.py)."""

    code: str
    fits: bool
    values: tuple[tuple[str, Any], ...] = ()

    def value(self, name: str) -> Any:
        return dict(self.values)[name]

    def as_stored(self) -> dict[str, Any]:
        """The JSON kept on a confirmed match (tuples as lists)."""
        values = {k: list(v) if isinstance(v, tuple) else v for k, v in self.values}
        return {"code": self.code, "fits": self.fits, "values": values}

    @classmethod
    def from_stored(cls, item: Mapping[str, Any]) -> Reason:
        values = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in dict(item.get("values", {})).items())
        return cls(str(item.get("code", "")), bool(item.get("fits")), values)


@dataclass(frozen=True)
class Match:
    candidate: Candidate
    score: float
    parts: dict[str, float] = field(compare=False)
    reasons: tuple[Reason, ...]
    available: bool  # False: full, never put in a team or confirmed
    covered: frozenset[str]  # wanted disciplines this candidate brings

    @property
    def slug(self) -> str:
        return self.candidate.slug

    @property
    def kind(self) -> str:
        return self.candidate.kind

    @property
    def relevant(self) -> bool:
        """Worth showing: it works on the theme or brings at least one wanted discipline."""
        return self.parts["theme"] > 0 or bool(self.covered)


@dataclass(frozen=True)
class Team:
    members: tuple[Match, ...]
    disciplines_covered: tuple[str, ...]  # sorted names
    disciplines_missing: tuple[str, ...]
    coverage: float
    institutions: tuple[str, ...]
    score: float

    @property
    def slugs(self) -> list[str]:
        return [m.slug for m in self.members]


def _sorted(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(values, key=str.casefold))


def theme_fit(need: Need, candidate: Candidate) -> tuple[float, Reason]:
    values = (("theme", need.theme_name or need.theme),)
    if need.theme in candidate.themes:
        return 1.0, Reason("theme_fits", True, values)
    return 0.0, Reason("theme_missing", False, values)


def discipline_fit(need: Need, candidate: Candidate) -> tuple[float, frozenset[str], list[Reason]]:
    if not need.disciplines:
        return 1.0, frozenset(), [Reason("no_disciplines_asked", True)]
    covered = need.disciplines & candidate.disciplines
    missing = need.disciplines - candidate.disciplines
    coverage = len(covered) / len(need.disciplines)
    precision = len(covered) / len(candidate.disciplines) if candidate.disciplines else 0.0
    reasons: list[Reason] = []
    if covered:
        reasons.append(Reason("disciplines_cover", True, (("disciplines", _sorted(covered)),)))
    if missing:
        reasons.append(Reason("disciplines_missing", False, (("disciplines", _sorted(missing)),)))
    if covered and precision < BROAD_OFFER_PRECISION:
        counts = (("relevant", len(covered)), ("listed", len(candidate.disciplines)))
        reasons.append(Reason("broad_offer", False, counts))
    return COVERAGE_WEIGHT * coverage + PRECISION_WEIGHT * precision, covered, reasons


def place_fit(need: Need, candidate: Candidate) -> tuple[float, Reason]:
    if need.wijk and need.wijk in candidate.wijken:
        return PLACE_SAME_WIJK, Reason("same_wijk", True, (("wijk", need.wijk),))
    if need.stadsdeel and need.stadsdeel in candidate.stadsdelen:
        return PLACE_SAME_STADSDEEL, Reason("same_stadsdeel", True, (("stadsdeel", need.stadsdeel),))
    if need.stadsdeel is None:
        return PLACE_CITY_WIDE, Reason("city_wide_question", True)
    if not candidate.stadsdelen:
        return PLACE_CITY_WIDE, Reason("works_city_wide", True)
    places = (("stadsdeel", need.stadsdeel), ("stadsdelen", _sorted(candidate.stadsdelen)))
    return 0.0, Reason("other_stadsdelen", False, places)


def time_fit(need: Need, candidate: Candidate) -> tuple[float, Reason]:
    """Share of the question's window inside the offer's period (dates inclusive)."""
    if candidate.period_start is None and candidate.period_end is None:
        return 1.0, Reason("no_period", True)
    if need.starts_on is None and need.deadline is None:
        return 1.0, Reason("no_window", True)
    # An open-ended window is read as reaching to the offer's own edge on that side.
    window_start: date = need.starts_on or candidate.period_start or need.deadline or date.min
    window_end: date = need.deadline or candidate.period_end or need.starts_on or date.max
    period_start = candidate.period_start or date.min
    period_end = candidate.period_end or date.max
    if window_end < window_start:
        return 0.0, Reason("outside_period", False)
    overlap_start, overlap_end = max(window_start, period_start), min(window_end, period_end)
    if overlap_end < overlap_start:
        return 0.0, Reason("outside_period", False)
    share = ((overlap_end - overlap_start).days + 1) / ((window_end - window_start).days + 1)
    if share >= 1.0:
        return 1.0, Reason("within_period", True)
    return share, Reason("partly_in_period", True, (("percent", round(share * 100)),))


def score(need: Need, candidate: Candidate) -> Match:
    """One candidate against one question: score in 0..1 with its reasons (fits first, then gaps)."""
    theme, theme_reason = theme_fit(need, candidate)
    disciplines, covered, discipline_reasons = discipline_fit(need, candidate)
    place, place_reason = place_fit(need, candidate)
    time, time_reason = time_fit(need, candidate)
    parts = {"theme": theme, "disciplines": disciplines, "place": place, "time": time}
    total = sum(WEIGHTS[name] * value for name, value in parts.items())
    reasons = [theme_reason, *discipline_reasons, place_reason, time_reason]
    if time == 0.0:
        total *= OUTSIDE_PERIOD_PENALTY
    available = candidate.remaining is None or candidate.remaining > 0
    if candidate.remaining is not None:
        if available:
            reasons.append(Reason("capacity_left", True, (("remaining", candidate.remaining),)))
        else:
            reasons.append(Reason("capacity_full", False))
            total *= FULL_PENALTY
    ordered = tuple([r for r in reasons if r.fits] + [r for r in reasons if not r.fits])
    return Match(
        candidate=candidate,
        score=round(min(max(total, 0.0), 1.0), 6),
        parts=parts,
        reasons=ordered,
        available=available,
        covered=covered,
    )


def _match_order(match: Match) -> tuple[float, str, str]:
    return (-match.score, match.slug, match.kind)


def rank(need: Need, candidates: Iterable[Candidate], *, relevant_only: bool = True) -> list[Match]:
    """All candidates scored, best first; ties by slug then kind, so the order never wobbles."""
    matches = [score(need, c) for c in candidates]
    if relevant_only:
        matches = [m for m in matches if m.relevant]
    return sorted(matches, key=_match_order)


def teams(need: Need, matches: Sequence[Match], *, limit: int = TEAM_LIMIT) -> list[Team]:
    """The best combinations of two or three available candidates that together cover more of the
    question's disciplines than any one of them does.

    Every member must bring a wanted discipline the others lack (no passengers). Team score::

        0.6·coverage + 0.3·mean(member scores) + 0.1·institution spread

    where spread is (distinct institutions − 1) / (members − 1), so teams from several
    institutions are preferred. Ties: score, then fewer members, then member slugs.
    """
    if len(need.disciplines) < 2:
        return []
    pool = sorted((m for m in matches if m.available and m.covered), key=_match_order)[:TEAM_POOL]
    best_single = max((len(m.covered) for m in pool), default=0)
    found: list[Team] = []
    for size in (2, 3):
        for combo in combinations(pool, size):
            covered = frozenset().union(*(m.covered for m in combo))
            if len(covered) <= best_single:
                continue
            if any(not (m.covered - frozenset().union(*(o.covered for o in combo if o is not m))) for m in combo):
                continue
            institutions = frozenset().union(*(m.candidate.institutions for m in combo))
            spread = min(1.0, max(0, len(institutions) - 1) / (size - 1))
            coverage = len(covered) / len(need.disciplines)
            mean = sum(m.score for m in combo) / size
            team_score = TEAM_COVERAGE_WEIGHT * coverage + TEAM_MEMBER_WEIGHT * mean + TEAM_INSTITUTION_WEIGHT * spread
            members = tuple(sorted(combo, key=_match_order))
            found.append(
                Team(
                    members=members,
                    disciplines_covered=_sorted(covered),
                    disciplines_missing=_sorted(need.disciplines - covered),
                    coverage=coverage,
                    institutions=_sorted(institutions),
                    score=round(min(team_score, 1.0), 6),
                )
            )
    found.sort(key=lambda t: (-t.score, len(t.members), [m.slug for m in t.members]))
    return found[:limit]


class Pool:
    """Candidates indexed by theme and by discipline, so ranking many questions at once (the
    overview) scores only the candidates that can be relevant: a candidate is relevant exactly when
    it shares the question's theme or one of its disciplines, so the index changes no result."""

    def __init__(self, candidates: Iterable[Candidate]) -> None:
        self.candidates = list(candidates)
        self._by_theme: dict[str, set[int]] = {}
        self._by_discipline: dict[str, set[int]] = {}
        for index, candidate in enumerate(self.candidates):
            for theme in candidate.themes:
                self._by_theme.setdefault(theme, set()).add(index)
            for discipline in candidate.disciplines:
                self._by_discipline.setdefault(discipline, set()).add(index)

    def relevant_to(self, need: Need) -> list[Candidate]:
        found = set(self._by_theme.get(need.theme, ()))
        for discipline in need.disciplines:
            found |= self._by_discipline.get(discipline, set())
        return [self.candidates[i] for i in sorted(found)]


def quick_score(need: Need, candidate: Candidate) -> float:
    """The same number as ``score(need, candidate).score``, without building reasons: for ranking
    many questions at once. A property test keeps the two equal."""
    theme = 1.0 if need.theme in candidate.themes else 0.0
    if need.disciplines:
        hits = len(need.disciplines & candidate.disciplines)
        coverage = hits / len(need.disciplines)
        precision = hits / len(candidate.disciplines) if candidate.disciplines else 0.0
        # the same operations in the same order as discipline_fit: the rounding to 6 places must agree
        disciplines = COVERAGE_WEIGHT * coverage + PRECISION_WEIGHT * precision
    else:
        disciplines = 1.0
    place = place_fit(need, candidate)[0]
    time = time_fit(need, candidate)[0]
    total = (
        WEIGHTS["theme"] * theme
        + WEIGHTS["disciplines"] * disciplines
        + WEIGHTS["place"] * place
        + WEIGHTS["time"] * time
    )
    if time == 0.0:
        total *= OUTSIDE_PERIOD_PENALTY
    if candidate.remaining is not None and candidate.remaining <= 0:
        total *= FULL_PENALTY
    return round(min(max(total, 0.0), 1.0), 6)


def best_available(need: Need, pool: Pool) -> Match | None:
    """The best relevant candidate that still has room, or None: the question waits without an offer."""
    available = [c for c in pool.relevant_to(need) if c.remaining is None or c.remaining > 0]
    if not available:
        return None
    best = min(available, key=lambda c: (-quick_score(need, c), c.slug, c.kind))
    return score(need, best)
