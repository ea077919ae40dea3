"""Every mail the app sends, rendered with demo values in Dutch and English, for the organisers' preview page.

Beside its renderer, each feature registers demo values for its templates (``register_demo``): the values the
template gets, made from fictional people under example.org and unsaved objects, so nothing is read, stored or
sent. The page lists what ``rendering`` has registered, grouped by feature; a template without demo values shows
a notice there, and ``tests/mailing/test_previews.py`` fails on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import render_template
from flask_babel import force_locale
from jinja2 import TemplateError

from ..site import Site
from .rendering import registered_templates

LANGUAGES = ("nl", "en")

# (template name, site, language) -> the template's values (``site``, ``language`` and ``qr_content_id`` are added).
DemoValues = Callable[[str, Site, str], Mapping[str, Any]]

_DEMOS: dict[str, DemoValues] = {}


def register_demo(templates: Iterable[str], demo: DemoValues) -> None:
    """Give these templates demo values for the preview page (idempotent)."""
    for template in templates:
        _DEMOS[template] = demo


def without_demo() -> list[str]:
    """Registered templates that have no demo values (the preview page cannot show them)."""
    return sorted(registered_templates() - set(_DEMOS))


def key(template: str) -> str:
    """A template's name as one URL segment: ``registrations/email/confirmed`` -> ``registrations.email.confirmed``."""
    return template.replace("/", ".")


def template_of(preview_key: str) -> str | None:
    template = preview_key.replace(".", "/")
    return template if template in registered_templates() else None


@dataclass(frozen=True)
class Preview:
    template: str
    language: str
    subject: str
    text: str
    html: str
    problem: str = ""

    @property
    def key(self) -> str:
        return key(self.template)

    @property
    def feature(self) -> str:
        return self.template.split("/", 1)[0]


def preview(template: str, language: str, site: Site) -> Preview:
    """The template rendered with its demo values in ``language``; a problem is reported, never raised."""
    demo = _DEMOS.get(template)
    if demo is None:
        return Preview(template, language, template, "", "", problem="no demo values are registered")
    with force_locale(language):
        try:
            values = dict(demo(template, site, language), site=site, language=language, qr_content_id=None)
            subject = render_template(f"{template}.subject.txt", **values)
            text = render_template(f"{template}.txt", **values).strip()
            html = render_template(f"{template}.html", **values)
        except (TemplateError, AttributeError, KeyError, TypeError, ValueError) as error:  # never break the page
            return Preview(template, language, template, "", "", problem=f"{type(error).__name__}: {error}")
    return Preview(template, language, re.sub(r"\s+", " ", subject).strip(), text, html)


def previews_by_feature(site: Site) -> dict[str, list[Preview]]:
    """Every registered template in both languages, grouped by feature, in name order."""
    grouped: dict[str, list[Preview]] = {}
    for template in sorted(registered_templates()):
        for language in LANGUAGES:
            item = preview(template, language, site)
            grouped.setdefault(item.feature, []).append(item)
    return grouped


def _test_mail_demo(template: str, site: Site, language: str) -> Mapping[str, Any]:
    return {}


# Mailing's own template (``flask mail test``) needs no values.
register_demo(["mailing/email/test"], _test_mail_demo)
