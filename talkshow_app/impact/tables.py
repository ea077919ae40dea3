"""The tables of ``/impact`` (and their CSV files and charts), built from ``figures`` for one selection.

A selection is a season (or all seasons) and a theme (or all themes). Every cell is kept as its
raw value and its shown text: counts of people from 1 to 4 show as "< 5", an average score of
fewer than 5 answers as "< 5 answers". The HTML table, the CSV file and the chart of a table all
read the shown values, so no picture or download shows what the table hides.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _

from ..timezones import to_local
from . import labels
from .figures import AFFILIATIONS, THRESHOLD, Cell, ImpactFigures, ThemeRef, is_suppressed, season_label

TABLE_NAMES = ("talkshows", "questions", "results", "affiliations", "attendance", "seasons")


@dataclass(frozen=True)
class Column:
    key: str
    people: bool = False  # a count of people: thresholded
    numeric: bool = True

    @property
    def label(self) -> str:
        return str(labels.COLUMNS[self.key])


@dataclass(frozen=True)
class Value:
    raw: Any  # the number behind the text (None when hidden), for charts and tests
    shown: str


@dataclass
class Table:
    name: str
    caption: str
    columns: list[Column]
    rows: list[list[Value]] = field(default_factory=list)

    def column(self, key: str) -> int:
        return [c.key for c in self.columns].index(key)


@dataclass(frozen=True)
class Selection:
    season: int | None  # None: all seasons
    theme: ThemeRef | None  # None: all themes


def people(count: int, hidden: bool = False) -> Value:
    """A count of people: hidden from 1 to 4, or when it would give one away (``disclosure``); 0 may show."""
    return Value(None, labels.SUPPRESSED) if hidden or is_suppressed(count) else Value(count, str(count))


def plain(count: int) -> Value:
    return Value(count, str(count))


def text(value: str) -> Value:
    return Value(value, value)


def score(answers: int, average: float | None) -> Value:
    if answers < THRESHOLD or average is None:
        return Value(None, str(labels.FEW_ANSWERS))
    return Value(average, format_decimal(average, "0.0"))


def merged(cells: Sequence[Cell]) -> Cell:
    total = Cell()
    for cell in cells:
        for name in (
            "talkshows_held",
            "seats_filled",
            "attended",
            "questions_received",
            "questions_accepted",
            "questions_matched",
            "questions_done",
            "teams_across_institutions",
        ):
            setattr(total, name, getattr(total, name) + getattr(cell, name))
        total.affiliations = total.affiliations + cell.affiliations if cell.affiliations else total.affiliations
        total.outputs |= cell.outputs
        total.labs |= cell.labs
    return total


def cell_for(figures: ImpactFigures, season: int | None, theme: ThemeRef | None) -> Cell:
    seasons = figures.seasons if season is None else [season]
    return merged([figures.cell(s, theme.id if theme else None) for s in seasons])


def _theme_rows(figures: ImpactFigures, selection: Selection, language: str) -> list[tuple[str, int | None, Cell]]:
    """(name, theme id, cell) per theme, and the total (theme id None) when all themes are shown."""
    themes = [selection.theme] if selection.theme else figures.themes
    rows: list[tuple[str, int | None, Cell]] = [
        (theme.display_name(language), theme.id, cell_for(figures, selection.season, theme)) for theme in themes
    ]
    if selection.theme is None:
        rows.append((str(labels.TOTAL), None, cell_for(figures, selection.season, None)))
    return rows


def build_tables(figures: ImpactFigures, selection: Selection, language: str) -> dict[str, Table]:
    theme_rows = _theme_rows(figures, selection, language)
    talkshows = Table(
        "talkshows",
        _("Talkshows and attendance per theme"),
        [
            Column("theme", numeric=False),
            Column("talkshows_held"),
            Column("seats_filled", True),
            Column("attended", True),
        ],
    )
    questions = Table(
        "questions",
        _("City questions per theme"),
        [
            Column("theme", numeric=False),
            Column("questions_received"),
            Column("questions_accepted"),
            Column("questions_matched"),
            Column("questions_done"),
        ],
    )
    results = Table(
        "results",
        _("Teams, knowledge and labs per theme"),
        [
            Column("theme", numeric=False),
            Column("teams_across_institutions"),
            Column("outputs_published"),
            Column("labs_active"),
        ],
    )
    for name, theme_id, cell in theme_rows:
        hides = partial(figures.hides, selection.season, theme_id)
        talkshows.rows.append(
            [
                text(name),
                plain(cell.talkshows_held),
                people(cell.seats_filled, hides("seats_filled")),
                people(cell.attended, hides("attended")),
            ]
        )
        questions.rows.append(
            [
                text(name),
                plain(cell.questions_received),
                plain(cell.questions_accepted),
                plain(cell.questions_matched),
                plain(cell.questions_done),
            ]
        )
        results.rows.append(
            [
                text(name),
                plain(cell.teams_across_institutions),
                plain(cell.outputs_published),
                plain(cell.labs_active),
            ]
        )
    selected = cell_for(figures, selection.season, selection.theme)
    affiliations = Table(
        "affiliations", _("Who came, by affiliation"), [Column("affiliation", numeric=False), Column("attended", True)]
    )
    came: Counter[str] = selected.affiliations
    selected_theme = selection.theme.id if selection.theme else None
    for key in AFFILIATIONS:
        hidden = figures.hides(selection.season, selected_theme, f"aff.{key}")
        affiliations.rows.append([text(str(labels.AFFILIATIONS[key])), people(came.get(key, 0), hidden)])
    return {
        "talkshows": talkshows,
        "questions": questions,
        "results": results,
        "affiliations": affiliations,
        "attendance": _attendance(figures, selection),
        "seasons": _seasons(figures, selection),
    }


def short_date(moment: datetime) -> str:
    return format_date(to_local(moment), "d MMM yyyy")


def _attendance(figures: ImpactFigures, selection: Selection) -> Table:
    table = Table(
        "attendance",
        _("Attendance per talkshow"),
        [
            Column("date", numeric=False),
            Column("talkshow", numeric=False),
            Column("seats_filled", True),
            Column("attended", True),
            Column("average_score"),
        ],
    )
    for talkshow in figures.talkshows:
        if selection.season is not None and talkshow.season != selection.season:
            continue
        if selection.theme is not None and talkshow.theme_id != selection.theme.id:
            continue
        table.rows.append(
            [
                Value(to_local(talkshow.starts_at).date().isoformat(), short_date(talkshow.starts_at)),
                text(talkshow.title),
                people(talkshow.seats_filled, figures.hides_talkshow(talkshow.id, "seats_filled")),
                people(talkshow.attended, figures.hides_talkshow(talkshow.id, "attended")),
                score(talkshow.answers, talkshow.average_score),
            ]
        )
    return table


def _seasons(figures: ImpactFigures, selection: Selection) -> Table:
    table = Table(
        "seasons",
        _("Per season"),
        [
            Column("season", numeric=False),
            Column("talkshows_held"),
            Column("attended", True),
            Column("questions_received"),
            Column("outputs_published"),
        ],
    )
    for season in figures.seasons:
        cell = cell_for(figures, season, selection.theme)
        table.rows.append(
            [
                text(season_label(season)),
                plain(cell.talkshows_held),
                people(
                    cell.attended, figures.hides(season, selection.theme.id if selection.theme else None, "attended")
                ),
                plain(cell.questions_received),
                plain(cell.outputs_published),
            ]
        )
    return table


def csv_rows(table: Table) -> list[list[str]]:
    """The header and the shown values: a CSV never holds a number the page hides."""
    return [[column.label for column in table.columns]] + [[value.shown for value in row] for row in table.rows]
