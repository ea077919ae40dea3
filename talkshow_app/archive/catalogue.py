"""Finding published knowledge: search with facets, one output, related outputs, feeds.

Every listing here runs a fixed number of queries whatever the archive's size: one for the
total, one per facet (each a GROUP BY over the same index-backed filter), one for the page and
a few selectin loads for what the page shows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, case, exists, func, literal, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..labs.models import Lab
from ..numbers import parse_int
from ..series.models import Talkshow, TalkshowSpeaker, Theme
from . import search_index, textsearch
from .errors import NotFound
from .facets import FacetValue, count_facets
from .kinds import OutputState, OutputType
from .models import (
    KnowledgeOutput,
    output_labs,
    output_questions,
    output_speakers,
    output_talkshows,
    output_themes,
)

PER_PAGE = 20
MAX_PAGE = 10_000
MAX_VALUES_PER_FILTER = 10
SORTS = ("relevance", "date")
FACETS = ("theme", "type", "year", "lab", "talkshow")


@dataclass(frozen=True)
class Filters:
    """Everything a visitor can ask /archive for; all of it lives in the URL."""

    q: str = ""
    theme: tuple[str, ...] = ()
    type: tuple[str, ...] = ()
    year: tuple[int, ...] = ()
    lab: tuple[str, ...] = ()
    talkshow: tuple[str, ...] = ()
    sort: str = ""
    page: int = 1

    @property
    def effective_sort(self) -> str:
        if self.sort in SORTS:
            return self.sort if (self.sort == "date" or self.q) else "date"
        return "relevance" if self.q else "date"

    def is_active(self, facet: str, value: str | int) -> bool:
        return value in getattr(self, facet)

    def query_args(self, **changes: object) -> dict[str, object]:
        """URL arguments for these filters with ``changes`` applied (None drops one)."""
        args: dict[str, object] = {
            "q": self.q or None,
            "theme": list(self.theme) or None,
            "type": list(self.type) or None,
            "year": list(self.year) or None,
            "lab": list(self.lab) or None,
            "talkshow": list(self.talkshow) or None,
            "sort": self.sort or None,
            "page": self.page if self.page > 1 else None,
        }
        args.update(changes)
        return {k: v for k, v in args.items() if v not in (None, [], "")}

    def toggled(self, facet: str, value: str | int) -> dict[str, object]:
        """Arguments that switch one facet value on or off, back on the first page."""
        current = list(getattr(self, facet))
        current = [v for v in current if v != value] if value in current else current + [value]
        return self.query_args(**{facet: current or None, "page": None})


def _clean_slugs(values: Iterable[str]) -> tuple[str, ...]:
    seen: list[str] = []
    for value in values:
        value = (value or "").strip()
        if value and len(value) <= 120 and value not in seen:
            seen.append(value)
    return tuple(seen[:MAX_VALUES_PER_FILTER])


def parse_filters(args: Mapping[str, object]) -> Filters:
    """Read URL arguments; anything malformed is ignored rather than answered with an error."""

    def many(name: str) -> list[str]:
        getter = getattr(args, "getlist", None)
        values = getter(name) if getter else ([args[name]] if name in args else [])
        return [str(v) for v in values]

    types = tuple(t for t in _clean_slugs(many("type")) if t in OutputType._value2member_map_)
    years = tuple(y for y in (parse_int(v, lowest=1900, highest=2200) for v in _clean_slugs(many("year"))) if y)
    page = parse_int(str(args.get("page") or "1"), lowest=0, highest=999_999_999) or 1
    sort = str(args.get("sort") or "")
    return Filters(
        q=textsearch.parse_query(str(args.get("q") or "")).text,
        theme=_clean_slugs(many("theme")),
        type=types,
        year=years,
        lab=_clean_slugs(many("lab")),
        talkshow=_clean_slugs(many("talkshow")),
        sort=sort if sort in SORTS else "",
        page=min(max(page, 1), MAX_PAGE),
    )


@dataclass
class SearchResult:
    filters: Filters
    items: list[KnowledgeOutput]
    total: int
    page: int
    pages: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    # Per output on the page: the passage around the words searched for (pieces, and whether each is a hit).
    snippets: dict[int, list[textsearch.Segment]] = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _linked(link_table, column_name: str, target, slugs: tuple[str, ...]):
    """Outputs linked to any of the objects with these slugs."""
    target_ids = select(target.id).where(target.slug.in_(slugs))
    return KnowledgeOutput.id.in_(select(link_table.c.output_id).where(link_table.c[column_name].in_(target_ids)))


def _conditions(filters: Filters, skip: str | None, text_match) -> list:
    conditions = [KnowledgeOutput.state == OutputState.PUBLISHED]
    if text_match is not None:
        conditions.append(text_match)
    if filters.theme and skip != "theme":
        conditions.append(_linked(output_themes, "theme_id", Theme, filters.theme))
    if filters.lab and skip != "lab":
        conditions.append(_linked(output_labs, "lab_id", Lab, filters.lab))
    if filters.talkshow and skip != "talkshow":
        conditions.append(_linked(output_talkshows, "talkshow_id", Talkshow, filters.talkshow))
    if filters.type and skip != "type":
        conditions.append(KnowledgeOutput.output_type.in_([OutputType(t) for t in filters.type]))
    if filters.year and skip != "year":
        conditions.append(
            or_(*(KnowledgeOutput.published_on.between(date(y, 1, 1), date(y, 12, 31)) for y in filters.year))
        )
    return conditions


def _listing_options(query: Select) -> Select:
    return query.options(
        selectinload(KnowledgeOutput.themes),
        selectinload(KnowledgeOutput.talkshows),
        selectinload(KnowledgeOutput.speakers),
        selectinload(KnowledgeOutput.organisations),
    )


def search(filters: Filters, language: str = "nl", with_facets: bool = True) -> SearchResult:
    dialect = db.session.get_bind().dialect.name
    parsed = textsearch.parse_query(filters.q)
    match = None
    if not parsed.is_empty:
        search_index.ensure_current(db.session, commit=True)
        match = search_index.text_match(dialect, parsed)
    text_condition = match.condition if match is not None else None

    conditions = _conditions(filters, None, text_condition)
    # The page counts the total with its facets, in one statement; the JSON (with_facets=False) only counts.
    facets: dict[str, list[FacetValue]] = {}
    if with_facets:
        facets, total = count_facets(filters, text_condition, language)
    else:
        total = db.session.scalar(select(func.count()).select_from(KnowledgeOutput).where(*conditions)) or 0
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(filters.page, pages)

    query = select(KnowledgeOutput).where(*conditions)
    date_order = (KnowledgeOutput.published_on.desc(), KnowledgeOutput.published_at.desc(), KnowledgeOutput.id.desc())
    if match is not None and filters.effective_sort == "relevance":
        if match.joined is not None:
            query = query.join(match.joined, match.joined.c.id == KnowledgeOutput.id)
        query = query.order_by(match.score, *date_order)
    else:
        query = query.order_by(*date_order)
    query = _listing_options(query.limit(PER_PAGE).offset((page - 1) * PER_PAGE))
    items = list(db.session.scalars(query).unique())

    # The page shows the passages that matched; the JSON does not.
    snippets = _snippets(items, parsed) if with_facets else {}
    return SearchResult(
        filters=filters, items=items, total=total, page=page, pages=pages, facets=facets, snippets=snippets
    )


_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_MARKS = re.compile(r"[*_`#>|~]+")


def _snippets(items: list[KnowledgeOutput], parsed: textsearch.SearchQuery) -> dict[int, list[textsearch.Segment]]:
    """Where each output on the page mentions what was searched for: its abstract, else its body's text."""
    wanted = parsed.all_stems
    snippets = {}
    for item in items if wanted else []:
        body = _MARKDOWN_MARKS.sub(" ", _MARKDOWN_LINK.sub(r"\1", item.body))
        found = textsearch.highlight(item.abstract, wanted) or textsearch.highlight(body, wanted)
        if found:
            snippets[item.id] = found
    return snippets


def public_output(slug: str) -> KnowledgeOutput:
    query = (
        select(KnowledgeOutput)
        .where(KnowledgeOutput.slug == slug, KnowledgeOutput.state == OutputState.PUBLISHED)
        .options(
            selectinload(KnowledgeOutput.files),
            selectinload(KnowledgeOutput.labs),
            selectinload(KnowledgeOutput.talkshows).selectinload(Talkshow.theme),
        )
    )
    output = db.session.scalar(_listing_options(query))
    if output is None:
        raise NotFound(slug)
    return output


def related(output: KnowledgeOutput, limit: int = 6) -> list[KnowledgeOutput]:
    """Published outputs sharing a talkshow, theme or lab; shared talkshows weigh most."""

    def shares(link_table, column_name: str, ids: list[int]):
        if not ids:
            return None
        return exists().where(link_table.c.output_id == KnowledgeOutput.id, link_table.c[column_name].in_(ids))

    parts = [
        (shares(output_talkshows, "talkshow_id", [t.id for t in output.talkshows]), 4),
        (shares(output_labs, "lab_id", [lab.id for lab in output.labs]), 2),
        (shares(output_themes, "theme_id", [t.id for t in output.themes]), 1),
    ]
    parts = [(condition, weight) for condition, weight in parts if condition is not None]
    if not parts:
        return []
    weight = sum((case((condition, w), else_=0) for condition, w in parts), start=literal(0))
    query = (
        select(KnowledgeOutput)
        .where(
            KnowledgeOutput.state == OutputState.PUBLISHED,
            KnowledgeOutput.id != output.id,
            or_(*(condition for condition, _ in parts)),
        )
        .order_by(weight.desc(), KnowledgeOutput.published_on.desc(), KnowledgeOutput.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(_listing_options(query)))


def _published(condition, limit: int) -> list[KnowledgeOutput]:
    query = (
        select(KnowledgeOutput)
        .where(KnowledgeOutput.state == OutputState.PUBLISHED, condition)
        .order_by(KnowledgeOutput.published_on.desc(), KnowledgeOutput.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query.options(selectinload(KnowledgeOutput.themes))))


def _linked_to(link_table, column_name: str, object_id: int):
    """Outputs linked to this one object (a talkshow, lab, speaker or question)."""
    return exists().where(link_table.c.output_id == KnowledgeOutput.id, link_table.c[column_name] == object_id)


def outputs_for_talkshow(talkshow_id: int, limit: int = 20) -> list[KnowledgeOutput]:
    return _published(_linked_to(output_talkshows, "talkshow_id", talkshow_id), limit)


def outputs_for_lab(lab_id: int, limit: int = 20) -> list[KnowledgeOutput]:
    return _published(_linked_to(output_labs, "lab_id", lab_id), limit)


def outputs_for_speaker(speaker_id: int, limit: int = 20) -> list[KnowledgeOutput]:
    """What the speaker wrote, and what came out of the talkshows they spoke in."""
    their_talkshows = select(TalkshowSpeaker.talkshow_id).where(TalkshowSpeaker.speaker_id == speaker_id)
    spoke_at = exists().where(
        output_talkshows.c.output_id == KnowledgeOutput.id, output_talkshows.c.talkshow_id.in_(their_talkshows)
    )
    return _published(or_(_linked_to(output_speakers, "speaker_id", speaker_id), spoke_at), limit)


def outputs_for_question(question_id: int, limit: int = 20) -> list[KnowledgeOutput]:
    return _published(_linked_to(output_questions, "question_id", question_id), limit)


def feed_entries(limit: int = 50) -> list[KnowledgeOutput]:
    """Newest in the archive first (by when they became public)."""
    query = (
        select(KnowledgeOutput)
        .where(KnowledgeOutput.state == OutputState.PUBLISHED)
        .order_by(KnowledgeOutput.published_at.desc(), KnowledgeOutput.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(_listing_options(query)))


OUTPUT_FINDERS = {
    "talkshow": outputs_for_talkshow,
    "speaker": outputs_for_speaker,
    "lab": outputs_for_lab,
    "question": outputs_for_question,
}


def outputs_for(kind: str, object_id: int | None) -> list[KnowledgeOutput]:
    """Published outputs for another feature's page: a talkshow, speaker, lab or city question."""
    if object_id is None:
        return []
    return OUTPUT_FINDERS[kind](object_id)
