"""The City Deal's figures per season and theme, from the tables the other features keep.

Plain values in (the moment ``now``), plain dataclasses out; no Flask. The database does the
counting (grouped per talkshow, per question, per output, per lab); this module puts each count
in its season and theme, because a season is a local calendar notion that SQLite and
PostgreSQL would compute differently.

Definitions (the page says them too):

* season: the academic year, 1 September to 31 August, by the date in The Hague; season 2026 is
  2026-09-01 to 2027-08-31 and reads "2026–2027";
* talkshow held: published and ended before ``now`` (cancelled and draft talkshows do not count);
* seats filled: confirmed registrations at talkshows held; attended: registrations checked in;
* who came: attendees (checked in) by the affiliation they gave ("not given" when none);
* city questions: received = submitted in the season (any state); accepted = let through by a
  moderator (accepted or any later state); matched = matched, in progress or done; done = done;
* team across institutions: a question whose confirmed matches bring in at least two different
  institutions (an offer's institution, a lab's partners), counted in the season it reached two;
* knowledge output published: published in the archive, by the date it carries (else the day it
  went public); an output with several themes counts once in each, and once in the total;
* lab active: some time in the season: started no later than the season's second calendar year
  (or no start year known) and not ended before the season began (ended labs without an end date
  do not count); a lab with several themes counts once in each, and once in the total.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select

from ..archive.kinds import OutputState
from ..archive.models import KnowledgeOutput, output_themes
from ..extensions import db
from ..labs.models import Lab, LabStatus, lab_partners, lab_themes
from ..matching.models import Match, Offer, Question, QuestionState
from ..registrations.models import Registration, RegistrationStatus
from ..series.models import Talkshow, TalkshowStatus, Theme
from ..timezones import to_local
from .disclosure import Key, TalkshowCounts, protect, sums_and_values
from .models import EvaluationAnswer

THRESHOLD = 5  # a count of people from 1 to THRESHOLD - 1 is never shown
SEASON_START_MONTH = 9
NOT_GIVEN = "not_given"  # the affiliation key of attendees who gave none
AFFILIATIONS = ("student", "docent", "onderzoeker", "bewoner", "gemeente", "ondernemer", "anders", NOT_GIVEN)
ACCEPTED_STATES = (QuestionState.ACCEPTED, QuestionState.MATCHED, QuestionState.IN_PROGRESS, QuestionState.DONE)
MATCHED_STATES = (QuestionState.MATCHED, QuestionState.IN_PROGRESS, QuestionState.DONE)


def is_suppressed(count: int | None) -> bool:
    """A count of people from 1 to 4 could single someone out: it is shown as "< 5"."""
    return count is not None and 0 < count < THRESHOLD


def season_of(moment: datetime | date) -> int:
    """The academic year (its first calendar year) of a moment (in The Hague's time) or a date."""
    day = to_local(moment).date() if isinstance(moment, datetime) else moment
    return day.year if day.month >= SEASON_START_MONTH else day.year - 1


def season_label(season: int) -> str:
    return f"{season}–{season + 1}"


def season_bounds(season: int) -> tuple[date, date]:
    return date(season, SEASON_START_MONTH, 1), date(season + 1, SEASON_START_MONTH - 1, 31)


@dataclass
class Cell:
    """The figures of one season and one theme (or of all themes: the total)."""

    talkshows_held: int = 0
    seats_filled: int = 0
    attended: int = 0
    affiliations: Counter[str] = field(default_factory=Counter)
    questions_received: int = 0
    questions_accepted: int = 0
    questions_matched: int = 0
    questions_done: int = 0
    teams_across_institutions: int = 0
    outputs: set[int] = field(default_factory=set)
    labs: set[int] = field(default_factory=set)

    @property
    def outputs_published(self) -> int:
        return len(self.outputs)

    @property
    def labs_active(self) -> int:
        return len(self.labs)


@dataclass(frozen=True)
class ThemeRef:
    id: int
    slug: str
    name: str
    name_en: str

    def display_name(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name


@dataclass(frozen=True)
class TalkshowFigures:
    id: int
    slug: str
    title: str
    theme_id: int
    season: int
    starts_at: datetime
    capacity: int
    seats_filled: int
    attended: int
    answers: int
    average_score: float | None  # None without answers


@dataclass
class ImpactFigures:
    themes: list[ThemeRef]
    seasons: list[int]  # newest first
    cells: dict[tuple[int, int], Cell]  # (season, theme id)
    totals: dict[int, Cell]  # season -> all themes together
    talkshows: list[TalkshowFigures]  # held talkshows, oldest first
    hidden: frozenset[Key] = frozenset()  # the counts of people not shown (``disclosure``)

    def hides(self, season: int | None, theme_id: int | None, measure: str) -> bool:
        """Whether a count of people of a season (None: all) and theme (None: all) is hidden."""
        return (season, theme_id, measure) in self.hidden

    def hides_talkshow(self, talkshow_id: int, measure: str) -> bool:
        return ("talkshow", talkshow_id, measure) in self.hidden

    def cell(self, season: int, theme_id: int | None) -> Cell:
        if theme_id is None:
            return self.totals.get(season) or Cell()
        return self.cells.get((season, theme_id)) or Cell()

    def theme(self, slug: str | None) -> ThemeRef | None:
        return next((theme for theme in self.themes if theme.slug == slug), None)


def impact_figures(now: datetime) -> ImpactFigures:
    """Every figure of ``/impact`` and ``/api/impact`` as of ``now``."""
    themes = [
        ThemeRef(t.id, t.slug, t.name, t.name_en)
        for t in db.session.scalars(select(Theme).order_by(Theme.position, Theme.name))
    ]
    cells: dict[tuple[int, int], Cell] = defaultdict(Cell)
    totals: dict[int, Cell] = defaultdict(Cell)
    talkshows = _talkshow_figures(now, cells, totals)
    _question_figures(now, cells, totals)
    _team_figures(now, cells, totals)
    _output_figures(now, cells, totals)
    seasons = sorted(set(totals) | {season_of(now)}, reverse=True)
    _lab_figures(seasons, cells, totals)
    return ImpactFigures(
        themes, seasons, dict(cells), dict(totals), talkshows, _hidden(themes, seasons, cells, talkshows)
    )


def _hidden(
    themes: list[ThemeRef], seasons: list[int], cells: dict[tuple[int, int], Cell], talkshows: list[TalkshowFigures]
) -> frozenset[Key]:
    cell_values = {
        key: {
            "seats_filled": cell.seats_filled,
            "attended": cell.attended,
            **{f"aff.{name}": cell.affiliations.get(name, 0) for name in AFFILIATIONS},
        }
        for key, cell in cells.items()
    }
    values, sums = sums_and_values(
        seasons,
        [theme.id for theme in themes],
        AFFILIATIONS,
        [TalkshowCounts(t.id, t.season, t.theme_id, t.seats_filled, t.attended) for t in talkshows],
        cell_values,
    )
    return protect(values, sums, THRESHOLD)


def _talkshow_figures(
    now: datetime, cells: dict[tuple[int, int], Cell], totals: dict[int, Cell]
) -> list[TalkshowFigures]:
    held = db.session.execute(
        select(Talkshow.id, Talkshow.slug, Talkshow.title, Talkshow.theme_id, Talkshow.starts_at, Talkshow.capacity)
        .where(Talkshow.status == TalkshowStatus.PUBLISHED, Talkshow.ends_at <= now)
        .order_by(Talkshow.starts_at, Talkshow.id)
    ).all()
    ids = [row.id for row in held]
    seats: Counter[int] = Counter()
    came: dict[int, Counter[str]] = defaultdict(Counter)
    if ids:
        rows = db.session.execute(
            select(
                Registration.talkshow_id,
                Registration.status,
                Registration.checked_in_at.is_not(None).label("checked_in"),
                Registration.affiliation,
                func.count(),
            )
            .where(Registration.talkshow_id.in_(ids))
            .group_by(
                Registration.talkshow_id,
                Registration.status,
                Registration.checked_in_at.is_not(None),
                Registration.affiliation,
            )
        ).all()
        for talkshow_id, status, checked_in, affiliation, count in rows:
            if status == RegistrationStatus.CONFIRMED:
                seats[talkshow_id] += count
            if checked_in:
                came[talkshow_id][affiliation.value if affiliation else NOT_GIVEN] += count
    answers = {
        talkshow_id: (count, average)
        for talkshow_id, count, average in db.session.execute(
            select(EvaluationAnswer.talkshow_id, func.count(), func.avg(EvaluationAnswer.score)).group_by(
                EvaluationAnswer.talkshow_id
            )
        )
    }
    result = []
    for row in held:
        season = season_of(row.starts_at)
        attended = sum(came[row.id].values())
        for cell in (cells[season, row.theme_id], totals[season]):
            cell.talkshows_held += 1
            cell.seats_filled += seats[row.id]
            cell.attended += attended
            cell.affiliations.update(came[row.id])
        count, average = answers.get(row.id, (0, None))
        result.append(
            TalkshowFigures(
                id=row.id,
                slug=row.slug,
                title=row.title,
                theme_id=row.theme_id,
                season=season,
                starts_at=row.starts_at,
                capacity=row.capacity,
                seats_filled=seats[row.id],
                attended=attended,
                answers=count,
                average_score=round(float(average), 1) if average is not None else None,
            )
        )
    return result


def _question_figures(now: datetime, cells: dict[tuple[int, int], Cell], totals: dict[int, Cell]) -> None:
    rows = db.session.execute(
        select(Question.theme_id, Question.created_at, Question.state).where(Question.created_at <= now)
    ).all()
    for theme_id, created_at, state in rows:
        season = season_of(created_at)
        for cell in (cells[season, theme_id], totals[season]):
            cell.questions_received += 1
            cell.questions_accepted += state in ACCEPTED_STATES
            cell.questions_matched += state in MATCHED_STATES
            cell.questions_done += state == QuestionState.DONE


def _team_figures(now: datetime, cells: dict[tuple[int, int], Cell], totals: dict[int, Cell]) -> None:
    """A question's matches in the order confirmed; the team is formed when a second institution joins."""
    partners: dict[int, set[int]] = defaultdict(set)
    for lab_id, organisation_id in db.session.execute(select(lab_partners.c.lab_id, lab_partners.c.organisation_id)):
        partners[lab_id].add(organisation_id)
    rows = db.session.execute(
        select(Match.question_id, Question.theme_id, Match.confirmed_at, Offer.institution_id, Match.lab_id)
        .join(Question, Question.id == Match.question_id)
        .outerjoin(Offer, Offer.id == Match.offer_id)
        .where(Match.confirmed_at <= now)
        .order_by(Match.question_id, Match.confirmed_at, Match.id)
    ).all()
    institutions: dict[int, set[int]] = defaultdict(set)
    formed: set[int] = set()
    for question_id, theme_id, confirmed_at, institution_id, lab_id in rows:
        joined = institutions[question_id]
        joined.update({institution_id} if institution_id is not None else partners.get(lab_id or 0, set()))
        if len(joined) >= 2 and question_id not in formed:
            formed.add(question_id)
            season = season_of(confirmed_at)
            cells[season, theme_id].teams_across_institutions += 1
            totals[season].teams_across_institutions += 1


def _output_figures(now: datetime, cells: dict[tuple[int, int], Cell], totals: dict[int, Cell]) -> None:
    rows = db.session.execute(
        select(KnowledgeOutput.id, KnowledgeOutput.published_on, KnowledgeOutput.published_at, output_themes.c.theme_id)
        .outerjoin(output_themes, output_themes.c.output_id == KnowledgeOutput.id)
        .where(KnowledgeOutput.state == OutputState.PUBLISHED)
    ).all()
    for output_id, published_on, published_at, theme_id in rows:
        when = published_on or published_at
        if when is None or (published_at is not None and published_at > now):
            continue
        season = season_of(when)
        totals[season].outputs.add(output_id)
        if theme_id is not None:
            cells[season, theme_id].outputs.add(output_id)


def _lab_figures(seasons: list[int], cells: dict[tuple[int, int], Cell], totals: dict[int, Cell]) -> None:
    rows = db.session.execute(
        select(Lab.id, Lab.status, Lab.start_year, Lab.ended_on, lab_themes.c.theme_id).outerjoin(
            lab_themes, lab_themes.c.lab_id == Lab.id
        )
    ).all()
    for lab_id, status, start_year, ended_on, theme_id in rows:
        for season in seasons:
            first_day, _last_day = season_bounds(season)
            if start_year is not None and start_year > season + 1:
                continue
            if ended_on is not None and ended_on < first_day:
                continue
            if ended_on is None and status == LabStatus.ENDED:
                continue
            totals[season].labs.add(lab_id)
            if theme_id is not None:
                cells[season, theme_id].labs.add(lab_id)
