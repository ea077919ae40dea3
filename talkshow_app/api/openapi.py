"""The OpenAPI 3.1 document of /api, generated from the schema models the endpoints serialise with.

``OPERATIONS`` lists every operation once; the document (``/api/openapi.json``) and the readable page
(``/api``) are both made from it. Components come from ``pydantic.json_schema.models_json_schema``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from ..archive.kinds import OutputType
from ..labs.places import STADSDELEN, stadsdeel_slug
from . import examples, schemas
from .errors import CODES
from .paging import MAX_PAGE, MAX_PER_PAGE

REF = "#/components/schemas/{model}"
SLUG_SCHEMA = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 120}
LAB_STATUSES = ["active", "ended", "all"]
QUESTION_STATES = ["accepted", "matched", "in_progress", "done"]
CITY_WIDE = "stad"


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    schema: dict[str, Any]
    where: str = "query"
    example: Any = None

    def as_openapi(self) -> dict[str, Any]:
        spec: dict[str, Any] = {
            "name": self.name,
            "in": self.where,
            "description": self.description,
            "required": self.where == "path",
            "schema": self.schema,
        }
        if self.schema.get("type") == "array":
            spec.update(style="form", explode=True)
        if self.example is not None:
            spec["example"] = self.example
        return spec


@dataclass(frozen=True)
class Operation:
    path: str
    endpoint: str
    operation_id: str
    tag: str
    summary: Any  # a lazy string: English in the document, the visitor's language on the page
    description: str
    model: type[BaseModel] | None  # None: a free-form object (a feature's shape not described here yet)
    example: Callable[[], BaseModel] | None
    params: Callable[[Mapping[str, list[str]]], list[Param]] = field(default=lambda values: [])
    errors: tuple[int, ...] = (400,)
    paged: bool = False


def _page_params() -> list[Param]:
    return [
        Param(
            "page",
            "Page number, from 1. A value that is not a plain positive number reads as 1; "
            "a page past the last shows the last.",
            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
            example=1,
        ),
        Param(
            "per_page",
            f"Items per page, 1 to {MAX_PER_PAGE} (default 20); anything else is a 400.",
            {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 20},
            example=20,
        ),
    ]


def _one_of(values: list[str]) -> dict[str, Any]:
    """A filter that takes one of today's values; with none yet, only the empty string (no filter)."""
    return {"type": "string", "enum": values} if values else {"type": "string", "maxLength": 0}


def _many_of(values: list[str]) -> dict[str, Any]:
    return {"type": "array", "items": _one_of(values), "maxItems": 10}


def _slug_param(description: str, known: list[str]) -> list[Param]:
    """A path's slug; its example is a real one when there is one (schemathesis tries it first)."""
    return [Param("slug", description, SLUG_SCHEMA, where="path", example=known[0] if known else "wonen-in-de-wijk")]


STADSDEEL_VALUES = [stadsdeel_slug(name) for name in STADSDELEN]
UNKNOWN = " An unknown value is a 400 (invalid_parameter)."


def _talkshow_params(values: Mapping[str, list[str]]) -> list[Param]:
    return [Param("theme", "Only this theme's talkshows (a theme slug)." + UNKNOWN, _one_of(values["theme"]))]


def _lab_params(values: Mapping[str, list[str]]) -> list[Param]:
    return [
        Param("theme", "Labs working on this theme (slug)." + UNKNOWN, _one_of(values["theme"])),
        Param("stadsdeel", "Labs in this stadsdeel (slug)." + UNKNOWN, _one_of(STADSDEEL_VALUES)),
        Param("discipline", "Labs with this discipline (slug)." + UNKNOWN, _one_of(values["discipline"])),
        Param("partner", "Labs with this partner organisation (slug)." + UNKNOWN, _one_of(values["partner"])),
        Param("status", "active (default), ended or all." + UNKNOWN, {"type": "string", "enum": LAB_STATUSES}),
    ]


def _archive_params(values: Mapping[str, list[str]]) -> list[Param]:
    return [
        Param(
            "q",
            "Full-text search (Dutch stemming); quotes for a phrase.",
            {"type": "string", "maxLength": 200, "pattern": "^[^\\u0000]*$"},
            example="wijk",
        ),
        Param("theme", "Outputs on any of these themes (slugs)." + UNKNOWN, _many_of(values["theme"])),
        Param("type", "Outputs of any of these types." + UNKNOWN, _many_of([t.value for t in OutputType])),
        Param("lab", "Outputs of any of these labs (slugs)." + UNKNOWN, _many_of(values["lab"])),
        Param("talkshow", "Outputs of any of these talkshows (slugs)." + UNKNOWN, _many_of(values["talkshow"])),
        Param(
            "year",
            "Outputs published in any of these years; a value that is not a year is ignored.",
            {"type": "array", "items": {"type": "integer", "minimum": 1900, "maximum": 2200}, "maxItems": 10},
        ),
        Param(
            "sort",
            "relevance (the default with q) or date (newest first, the default without q).",
            {"type": "string", "enum": ["relevance", "date"]},
        ),
    ]


def _question_params(values: Mapping[str, list[str]]) -> list[Param]:
    return [
        Param("theme", "Questions on this theme (slug)." + UNKNOWN, _one_of(values["theme"])),
        Param(
            "stadsdeel",
            f"Questions about this stadsdeel (slug), or {CITY_WIDE} for the whole city." + UNKNOWN,
            _one_of([*STADSDEEL_VALUES, CITY_WIDE]),
        ),
        Param("state", "Questions in this state." + UNKNOWN, {"type": "string", "enum": QUESTION_STATES}),
    ]


OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "/api/talkshows",
        "series.api_talkshows",
        "listTalkshows",
        "talkshows",
        _l("All published and cancelled talkshows, upcoming first (soonest first), then past (latest first)."),
        "Drafts are never listed. Seat counts are live.",
        schemas.TalkshowList,
        examples.talkshows,
        _talkshow_params,
        paged=True,
    ),
    Operation(
        "/api/talkshows/{slug}",
        "series.api_talkshow",
        "getTalkshow",
        "talkshows",
        _l("One talkshow with its speakers, seats and knowledge outputs."),
        "",
        schemas.Talkshow,
        examples.talkshow,
        lambda values: _slug_param("The talkshow's slug.", values["talkshow"]),
        errors=(404,),
    ),
    Operation(
        "/api/speakers",
        "series.api_speakers",
        "listSpeakers",
        "talkshows",
        _l("Everyone who speaks in a public talkshow, by name."),
        "",
        schemas.SpeakerList,
        examples.speakers,
        paged=True,
    ),
    Operation(
        "/api/themes",
        "series.api_themes",
        "listThemes",
        "talkshows",
        _l("The themes of the series, in the programme's order."),
        "",
        schemas.ThemeList,
        examples.themes,
        paged=True,
    ),
    Operation(
        "/api/labs",
        "labs.api_labs",
        "listLabs",
        "labs",
        _l("The city labs, with the same filters as the lab directory."),
        "",
        schemas.LabList,
        examples.labs,
        _lab_params,
        paged=True,
    ),
    Operation(
        "/api/archive",
        "archive.api_index",
        "searchArchive",
        "archive",
        _l("Published knowledge outputs: search and filters as on the archive page."),
        "",
        schemas.ArchiveList,
        examples.archive,
        _archive_params,
        paged=True,
    ),
    Operation(
        "/api/questions",
        "matching.api_questions",
        "listQuestions",
        "matching",
        _l("The city's public questions, open ones first. Never who asked them."),
        "",
        schemas.QuestionList,
        examples.questions,
        _question_params,
        paged=True,
    ),
    Operation(
        "/api/questions/{slug}/matches",
        "matching.api_matches",
        "getQuestionMatches",
        "matching",
        _l("A public question's ranked matches and teams, best first."),
        "",
        schemas.Matches,
        examples.matches,
        lambda values: _slug_param("The question's slug.", values["question"]),
        errors=(404,),
    ),
    Operation(
        "/api/offers",
        "matching.api_offers",
        "listOffers",
        "matching",
        _l("Education and research offers open for questions. Never their contact people."),
        "",
        schemas.OfferList,
        examples.offers,
        paged=True,
    ),
    Operation(
        "/api/openapi.json",
        "api.openapi_json",
        "getOpenApiDocument",
        "meta",
        _l("This description: the OpenAPI 3.1 document of everything under /api."),
        "Generated from the schemas the endpoints serialise with; filter enums list today's values.",
        None,
        None,
        errors=(),
    ),
    Operation(
        "/api/impact",
        "impact.api_impact",
        "getImpact",
        "impact",
        _l("The figures behind the impact page."),
        "A free-form object: its shape is not described here yet.",
        None,
        None,
        errors=(),
    ),
)


def operations(view_functions: Mapping[str, Any]) -> list[Operation]:
    """The operations this app serves (a feature that is not installed is left out)."""
    return [op for op in OPERATIONS if op.endpoint in view_functions]


def components() -> dict[str, Any]:
    _, top = models_json_schema([(model, "serialization") for model in schemas.COMPONENTS], ref_template=REF)
    return dict(sorted(top.get("$defs", {}).items()))


def _error_response(status: int) -> dict[str, Any]:
    descriptions = {
        400: "A query parameter cannot be used (code invalid_parameter, with invalid naming each one), "
        "or the request is malformed, e.g. a NUL character (code bad_request)",
        404: "Nothing public answers to this slug (code not_found)",
        405: "Only GET, HEAD and OPTIONS (code method_not_allowed)",
        429: "Too many requests from this address (code too_many_requests); wait Retry-After seconds",
        503: "The database does not answer (code unavailable); try again after Retry-After seconds",
    }
    response: dict[str, Any] = {
        "description": descriptions[status],
        "content": {
            "application/json": {
                "schema": {"$ref": REF.format(model="Error")},
                "example": schemas.dump(examples.error(CODES[status] if status != 400 else "invalid_parameter")),
            }
        },
    }
    if status in (429, 503):
        response["headers"] = {
            "Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer", "minimum": 1}}
        }
    return response


HEADERS = {
    "ETag": {
        "description": "Strong validator of the body; send it back in If-None-Match",
        "schema": {"type": "string"},
    },
    "Cache-Control": {"description": "public, max-age=60", "schema": {"type": "string"}},
    "Access-Control-Allow-Origin": {"description": "* (any origin, no credentials)", "schema": {"type": "string"}},
}
LINK = {"description": "RFC 8288 links: first, prev, next, last", "schema": {"type": "string"}}


def _operation(op: Operation, values: Mapping[str, list[str]]) -> dict[str, Any]:
    params = op.params(values) + (_page_params() if op.paged else [])
    params.append(
        Param("lang", "Language of error messages: nl (default) or en.", {"type": "string", "enum": ["nl", "en"]})
    )
    content: dict[str, Any] = {
        "schema": {"$ref": REF.format(model=op.model.__name__)} if op.model else {"type": "object"}
    }
    if op.example is not None:
        content["example"] = schemas.dump(op.example())
    headers = {**HEADERS, "Link": LINK} if op.paged else dict(HEADERS)
    responses: dict[str, Any] = {
        "200": {"description": "OK", "headers": headers, "content": {"application/json": content}},
        "304": {"description": "Not modified: the If-None-Match ETag is current (no body)"},
    }
    for status in sorted({400, *op.errors, 405, 429, 503}):
        responses[str(status)] = _error_response(status)
    with force_locale("en"):
        summary = str(op.summary)
    spec: dict[str, Any] = {
        "operationId": op.operation_id,
        "tags": [op.tag],
        "summary": summary,
        "parameters": [p.as_openapi() for p in params],
        "responses": responses,
    }
    if op.description:
        spec["description"] = op.description
    return spec


def document(view_functions: Mapping[str, Any], values: Mapping[str, list[str]], server_url: str) -> dict[str, Any]:
    """The whole OpenAPI 3.1 document; ``values``: what the filters take today (``queries.filter_values``)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Den Haag Draait Door: open data",
            "version": "1.0.0",
            "description": (
                "The open data of the City Deal Kennis Maken's talkshow series: talkshows, speakers, themes, "
                "city labs, the knowledge archive, city questions with their matches, and offers. "
                "Times are ISO 8601 with their offset, to the second. Lists page with page and per_page and "
                "say total, page, pages, next and prev (also in a Link header). Every answer carries an ETag "
                "(304 on If-None-Match) and CORS for any origin. Errors are "
                '{"error": {"code", "message"}} with a stable English code and a message in the '
                "request's language (?lang=en)."
            ),
            "license": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "servers": [{"url": server_url}],
        "paths": {op.path: {"get": _operation(op, values)} for op in operations(view_functions)},
        "components": {"schemas": components()},
    }
