"""The charts of ``/impact``, drawn from the same shown values as the tables beside them."""

from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup

from . import labels
from .charts import Bar, Group, bar_chart, grouped_bar_chart
from .tables import Table


def _bars(table: Table, label_keys: list[str], value_key: str) -> list[Bar]:
    at = table.column(value_key)
    indexes = [table.column(key) for key in label_keys]
    return [Bar(" · ".join(row[i].shown for i in indexes), row[at].raw, row[at].shown) for row in table.rows]


def charts(tables: dict[str, Table]) -> dict[str, Markup]:
    """Attendance per talkshow over time, questions by state per theme, who came."""
    attendance = tables["attendance"]
    questions = tables["questions"]
    series = [column.key for column in questions.columns[1:]]
    groups = [
        Group(
            row[0].shown,
            [Bar(str(labels.COLUMNS[key]), value.raw, value.shown) for key, value in zip(series, row[1:], strict=True)],
        )
        for row in questions.rows
    ]
    return {
        "attendance": bar_chart(
            "chart-attendance",
            _("Attendance per talkshow over time"),
            _(
                "Horizontal bars, one per talkshow in date order, the length is the number of people checked in. "
                "The same numbers are in the table beside it."
            ),
            _bars(attendance, ["date", "talkshow"], "attended"),
        ),
        "questions": grouped_bar_chart(
            "chart-questions",
            _("City questions by state per theme"),
            _(
                "Per theme four bars: questions received, accepted, matched and done. "
                "The same numbers are in the table beside it."
            ),
            [str(labels.COLUMNS[key]) for key in series],
            groups,
        ),
        "affiliations": bar_chart(
            "chart-affiliations",
            _("Who came, by affiliation"),
            _(
                "Horizontal bars, one per affiliation, the length is the number of people checked in. "
                "The same numbers are in the table beside it."
            ),
            _bars(tables["affiliations"], ["affiliation"], "attended"),
        ),
    }
