"""Fictional demo outputs for the past demo talkshows and the labs: published, and one in review.

Idempotent: each output is looked up by slug first. Links to talkshows, speakers, labs and
themes are made only when those exist (the series and labs loaders run before this one).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from ..database import transaction, utcnow
from ..extensions import db
from ..labs.models import Lab
from ..series.models import Organisation, Speaker, Talkshow, Theme
from ..timezones import to_local
from . import search_index
from .kinds import OutputState, OutputType
from .models import AuditEntry, KnowledgeOutput

# One output waits for the editorial board, so the board has something to review in the demo.
IN_REVIEW = {"fotoserie-wie-kent-zijn-buren-nog"}

# slug, title, type, talkshow, theme, labs, speakers, organisations, days after the talkshow,
# abstract, body, media, transcript
OUTPUTS = [
    (
        "verslag-wie-kent-zijn-buren-nog",
        "Verslag: Wie kent zijn buren nog?",
        OutputType.REPORT,
        "wie-kent-zijn-buren-nog",
        "samenleven-in-wijken",
        ["stadslab-schilderswijk"],
        ["fatima-el-amrani", "anouk-bakker"],
        ["de-haagse-hogeschool"],
        3,
        "Bewoners, studenten en onderzoekers over ontmoeting en eenzaamheid in Haagse wijken.",
        "## Wat we hoorden\n\nIn de Schilderswijk kennen veel bewoners hun buren nog, maar **nieuwe bewoners** "
        "vinden moeilijk aansluiting. "
        "Buurtnetwerken helpen, vooral als ze klein beginnen: een koffieochtend, een gedeelde moestuin.\n\n"
        "## Wat we meenemen\n\n- Ontmoeting organiseren in de wijk zelf\n- Jongeren en ouderen samen laten "
        "optrekken\n- Het stadslab volgt drie buurtinitiatieven een jaar lang",
        "",
        "",
    ),
    (
        "opname-wie-kent-zijn-buren-nog",
        "Opname: Wie kent zijn buren nog?",
        OutputType.RECORDING,
        "wie-kent-zijn-buren-nog",
        "samenleven-in-wijken",
        [],
        ["joost-van-der-meer", "fatima-el-amrani", "anouk-bakker"],
        [],
        7,
        "De volledige talkshow terugkijken, met ondertiteling.",
        "",
        "https://video.example.org/den-haag-draait-door/wie-kent-zijn-buren-nog",
        "https://video.example.org/den-haag-draait-door/wie-kent-zijn-buren-nog/ondertiteling.vtt",
    ),
    (
        "samenvatting-de-kansenkloof-in-de-klas",
        "Samenvatting: De kansenkloof in de klas",
        OutputType.SUMMARY,
        "de-kansenkloof-in-de-klas",
        "kansen-en-barrieres-in-het-onderwijs",
        [],
        ["lotte-de-graaf", "mehmet-yilmaz"],
        ["gemeente-den-haag"],
        2,
        "Waarom het schooladvies nog altijd afhangt van de postcode, en wat scholen en de gemeente daaraan doen.",
        "Het gesprek ging over **schooladviezen**, bijles en de rol van ouders. Een student vertelde over zijn "
        "eigen overstap van vmbo naar hbo.\n\n"
        "De gemeente werkt aan een aanpak waarin scholen en buurtorganisaties samen optrekken.",
        "",
        "",
    ),
    (
        "dias-de-kansenkloof-in-de-klas",
        "Dia's: cijfers over kansengelijkheid in Den Haag",
        OutputType.SLIDES,
        "de-kansenkloof-in-de-klas",
        "kansen-en-barrieres-in-het-onderwijs",
        [],
        ["lotte-de-graaf"],
        ["gemeente-den-haag"],
        2,
        "De presentatie met cijfers over schooladviezen per stadsdeel.",
        "",
        "https://repository.example.org/den-haag-draait-door/kansenkloof-dias",
        "",
    ),
    (
        "publicatie-leefbare-wijken-escamp",
        "Wat maakt een wijk leefbaar? Bevindingen uit Escamp",
        OutputType.PUBLICATION,
        None,
        "leefbaarheid-en-veiligheid-in-de-wijk",
        ["wijklab-escamp", "kenniswerkplaats-leefbare-wijken"],
        ["ravi-ramdin", "pieter-jansen"],
        ["hogeschool-inholland", "universiteit-leiden"],
        -20,
        "Studenten en onderzoekers spraken met zestig bewoners in Escamp over groen, verlichting en veiligheid.",
        "## Aanpak\n\nStudenten Social Work en Criminologie liepen samen met bewoners door hun straat.\n\n"
        "## Bevindingen\n\nBewoners voelen zich veiliger waar **buren elkaar kennen** en waar de openbare ruimte "
        "heel en schoon is.",
        "",
        "",
    ),
    (
        "artikel-ondernemers-scheveningen",
        "Kleine ondernemers aan de haven",
        OutputType.ARTICLE,
        None,
        "ondernemen-en-bestaanszekerheid",
        ["living-lab-scheveningen"],
        ["naima-bouzid"],
        ["hogeschool-inholland"],
        -10,
        "Een verkenning van het Living Lab Scheveningen onder ondernemers rond de haven.",
        "Ondernemers aan de haven vertellen over seizoenswerk, schulden en de hulp die ze zouden willen.",
        "",
        "",
    ),
    (
        "fotoserie-wie-kent-zijn-buren-nog",
        "Fotoserie: Wie kent zijn buren nog?",
        OutputType.PHOTO_SERIES,
        "wie-kent-zijn-buren-nog",
        "samenleven-in-wijken",
        ["stadslab-schilderswijk"],
        [],
        ["de-haagse-hogeschool"],
        5,
        "Foto's van de avond in het wijkcentrum, gemaakt door studenten Fotografie.",
        "De foto's volgen nog; de redactie controleert eerst of iedereen op de foto toestemming gaf.",
        "",
        "",
    ),
]


def _all(model, slugs) -> list:
    return list(db.session.scalars(select(model).where(model.slug.in_(list(slugs))))) if slugs else []


def load() -> int:
    """Add the demo outputs that are missing, in one transaction; how many were added."""
    now = utcnow()
    with transaction() as session:
        created = sum(_add(row, now) for row in OUTPUTS)
        search_index.refresh_statistics(session)
    return created


def _add(row: tuple, now: datetime) -> int:
    """One demo output, unless it exists or its talkshow is missing or still to come: 1 if added, else 0."""
    (
        slug,
        title,
        kind,
        talkshow_slug,
        theme_slug,
        lab_slugs,
        speaker_slugs,
        organisation_slugs,
        days,
        abstract,
        body,
        media_url,
        transcript_url,
    ) = row
    if db.session.scalar(select(KnowledgeOutput.id).where(KnowledgeOutput.slug == slug)) is not None:
        return 0
    talkshow = db.session.scalar(select(Talkshow).where(Talkshow.slug == talkshow_slug)) if talkshow_slug else None
    if talkshow_slug and (talkshow is None or talkshow.starts_at > now):
        return 0  # only past talkshows have outputs
    moment = min((talkshow.ends_at if talkshow else now) + timedelta(days=days), now)
    in_review = slug in IN_REVIEW
    output = KnowledgeOutput(
        slug=slug,
        title=title,
        output_type=kind,
        abstract=abstract,
        body=body,
        media_url=media_url,
        transcript_url=transcript_url,
        state=OutputState.IN_REVIEW if in_review else OutputState.PUBLISHED,
        published_on=None if in_review else to_local(moment).date(),
        published_at=None if in_review else moment,
        language="nl",
        licence="CC BY 4.0",
        search_text="",
        talkshows=[talkshow] if talkshow else [],
        themes=_all(Theme, [theme_slug]),
        labs=_all(Lab, lab_slugs),
        speakers=_all(Speaker, speaker_slugs),
        organisations=_all(Organisation, organisation_slugs),
    )
    names = [s.name for s in output.speakers] + [o.name for o in output.organisations]
    names += [t.title for t in output.talkshows] + [t.name for t in output.themes] + [lab.name for lab in output.labs]
    output.search_text = " ".join(names)
    output.audit_entries.append(AuditEntry(action="created", detail="demo data"))
    output.audit_entries.append(AuditEntry(action="submit" if in_review else "publish", detail="demo data"))
    db.session.add(output)
    search_index.refresh(db.session, output)
    return 1
