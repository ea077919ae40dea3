"""Demo questions from the city and offers of the four partners, so every matching page shows something real.

Fictional askers (contacts only @example.org), real partner institutions, programmes and
stadsdelen. Idempotent: questions and offers are looked up by slug and never changed once
there; dates are placed relative to the day of the first load. Runs after the series and labs
loaders (it uses their themes, partners, disciplines, labs and talkshows when present).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from ..database import utcnow
from ..extensions import db
from ..labs.models import Discipline, Lab
from ..series.models import Organisation, Talkshow, Theme
from ..timezones import local_today
from .matches import candidate_of, need_of
from .models import (
    AskerKind,
    CapacityUnit,
    HelpKind,
    Level,
    Match,
    Offer,
    OfferKind,
    PreferredStadsdeel,
    Question,
    QuestionState,
)
from .scoring import score

SAMENLEVEN = "samenleven-in-wijken"
ONDERWIJS = "kansen-en-barrieres-in-het-onderwijs"
LEEFBAAR = "leefbaarheid-en-veiligheid-in-de-wijk"
BESTAAN = "ondernemen-en-bestaanszekerheid"

HHS, INHOLLAND, LEIDEN = "de-haagse-hogeschool", "hogeschool-inholland", "universiteit-leiden"

# slug: facts. Periods are (start offset, end offset) in days from the first load.
OFFERS: dict[str, dict] = {
    "hhs-minor-wijkgericht-werken": dict(
        title="Minor Wijkgericht werken",
        kind=OfferKind.MINOR,
        institution=HHS,
        programme="Social Work",
        level=Level.HBO_BACHELOR,
        period=(-20, 130),
        capacity=4,
        remaining=3,
        unit=CapacityUnit.TEAMS,
        disciplines=["social-work", "sociologie"],
        themes=[SAMENLEVEN, BESTAAN],
        stadsdelen=["Centrum", "Laak"],
        lab="stadslab-schilderswijk",
        talkshows=["wie-kent-zijn-buren-nog", "rondkomen-in-de-residentie"],
        contact=("Marloes Kuipers", "minor.wijkgericht@example.org"),
        description="Teams van vier studenten werken een semester lang met bewoners en professionals aan een vraag "
        "uit de wijk.",
    ),
    "inholland-pedagogiek-praktijkonderzoek": dict(
        title="Praktijkonderzoek Opvoeden en opgroeien in de wijk",
        kind=OfferKind.COURSE,
        institution=INHOLLAND,
        programme="Pedagogiek",
        level=Level.HBO_BACHELOR,
        period=(10, 160),
        capacity=6,
        remaining=5,
        unit=CapacityUnit.TEAMS,
        disciplines=["pedagogiek"],
        themes=[ONDERWIJS, SAMENLEVEN],
        stadsdelen=["Escamp"],
        lab="wijklab-escamp",
        talkshows=["de-kansenkloof-in-de-klas", "school-en-wijk-samen"],
        contact=("Youssef Amrani", "pedagogiek.denhaag@example.org"),
        description="Derdejaars studenten Pedagogiek doen praktijkgericht onderzoek voor scholen, ouders en "
        "buurtorganisaties.",
    ),
    "leiden-bestuurskunde-masterscriptie": dict(
        title="Masterscriptie Bestuurskunde: overheid dicht bij de wijk",
        kind=OfferKind.THESIS_TRACK,
        institution=LEIDEN,
        programme="Master Bestuurskunde (Campus Den Haag)",
        level=Level.WO_MASTER,
        period=(30, 200),
        capacity=8,
        remaining=8,
        unit=CapacityUnit.STUDENTS,
        disciplines=["bestuurskunde", "sociologie"],
        themes=[LEEFBAAR, SAMENLEVEN],
        stadsdelen=[],
        lab=None,
        talkshows=["veilig-over-straat"],
        contact=("Dr. Eva Hoekstra", "scriptie.bestuurskunde@example.org"),
        description="Masterstudenten schrijven hun scriptie over een vraag van de gemeente of een maatschappelijke "
        "organisatie.",
    ),
    "leiden-data-science-onderzoeksgroep": dict(
        title="Onderzoeksgroep Data science voor de stad",
        kind=OfferKind.RESEARCH_GROUP,
        institution=LEIDEN,
        programme="Leiden Institute of Advanced Computer Science",
        level=Level.RESEARCH,
        period=(-60, 300),
        capacity=3,
        remaining=2,
        unit=CapacityUnit.TEAMS,
        disciplines=["data-science", "economie"],
        themes=[BESTAAN, LEEFBAAR],
        stadsdelen=[],
        lab="datalab-binckhorst",
        talkshows=["ondernemen-aan-de-haven"],
        contact=("Prof. dr. Jan-Willem Bos", "data.voor.de.stad@example.org"),
        description="Onderzoekers en promovendi helpen met het verzamelen, koppelen en duiden van data over de stad.",
    ),
    "hhs-minor-veilige-wijken": dict(
        title="Minor Veilige wijken",
        kind=OfferKind.MINOR,
        institution=HHS,
        programme="Integrale Veiligheidskunde",
        level=Level.HBO_BACHELOR,
        period=(20, 170),
        capacity=3,
        remaining=3,
        unit=CapacityUnit.TEAMS,
        disciplines=["criminologie", "rechten"],
        themes=[LEEFBAAR],
        stadsdelen=["Laak", "Escamp"],
        lab="kenniswerkplaats-leefbare-wijken",
        talkshows=["veilig-over-straat", "groen-schoon-en-heel"],
        contact=("Kees Brouwer", "minor.veiligewijken@example.org"),
        description="Studenten onderzoeken samen met wijkagenten, handhavers en bewoners wat een buurt veiliger maakt.",
    ),
    "inholland-afstudeerstage-ondernemen": dict(
        title="Afstudeerstage Ondernemen in de stad",
        kind=OfferKind.INTERNSHIP,
        institution=INHOLLAND,
        programme="Bedrijfskunde",
        level=Level.HBO_BACHELOR,
        period=(60, 240),
        capacity=5,
        remaining=5,
        unit=CapacityUnit.STUDENTS,
        disciplines=["bedrijfskunde", "economie"],
        themes=[BESTAAN],
        stadsdelen=["Scheveningen", "Centrum"],
        lab="living-lab-scheveningen",
        talkshows=["ondernemen-aan-de-haven"],
        contact=("Sandra Visser", "afstuderen.ondernemen@example.org"),
        description="Afstudeerders werken een half jaar voor een ondernemersvereniging of een Haags bedrijf.",
    ),
    "hhs-ontwerpproject-communicatie": dict(
        title="Ontwerpproject Communicatie en vormgeving",
        kind=OfferKind.COURSE,
        institution=HHS,
        programme="Communication & Multimedia Design",
        level=Level.HBO_BACHELOR,
        period=(-10, 100),
        capacity=2,
        remaining=0,
        unit=CapacityUnit.TEAMS,
        disciplines=["communicatie", "vormgeving"],
        themes=[SAMENLEVEN, LEEFBAAR],
        stadsdelen=[],
        lab=None,
        talkshows=[],
        contact=("Iris Lammers", "ontwerpproject.cmd@example.org"),
        description="Ontwerpteams maken campagnes, prototypes en kaarten samen met de opdrachtgever.",
    ),
    "leiden-labcapaciteit-kenniswerkplaats": dict(
        title="Labcapaciteit Kenniswerkplaats Leefbare Wijken",
        kind=OfferKind.LAB_CAPACITY,
        institution=LEIDEN,
        programme="Criminologie en Ruimtelijke ordening",
        level=Level.WO_BACHELOR,
        period=(0, 180),
        capacity=2,
        remaining=2,
        unit=CapacityUnit.TEAMS,
        disciplines=["criminologie", "ruimtelijke-ordening", "data-science"],
        themes=[LEEFBAAR],
        stadsdelen=["Laak"],
        lab="kenniswerkplaats-leefbare-wijken",
        talkshows=["groen-schoon-en-heel"],
        contact=("Dr. Noor Bakker", "kenniswerkplaats.leefbaar@example.org"),
        description="Plekken in de kenniswerkplaats voor bachelorteams met begeleiding door onderzoekers.",
    ),
}

# slug: facts; window = (start offset, deadline offset) in days, or None.
QUESTIONS: dict[str, dict] = {
    "eenzame-ouderen-in-het-regentessekwartier": dict(
        title="Hoe bereiken we eenzame ouderen in het Regentessekwartier?",
        asker=AskerKind.RESIDENT,
        organisation="",
        theme=SAMENLEVEN,
        stadsdeel="Segbroek",
        wijk="Regentessekwartier",
        help=HelpKind.RESEARCH,
        disciplines=["social-work", "psychologie"],
        window=(20, 150),
        state=QuestionState.ACCEPTED,
        contact=("Greet van Leeuwen", "greet.vanleeuwen@example.org"),
        description="In mijn portiek wonen vier mensen boven de tachtig die bijna nooit buiten komen. De buurthuizen "
        "organiseren genoeg, maar deze mensen komen er niet. Hoe vinden we ze, en wat willen ze eigenlijk zelf?",
    ),
    "jongeren-stoppen-met-sporten-in-moerwijk": dict(
        title="Waarom stoppen jongeren in Moerwijk met hun sportclub?",
        asker=AskerKind.ORGANISATION,
        organisation="Sportvereniging Moerwijk United",
        theme=SAMENLEVEN,
        stadsdeel="Escamp",
        wijk="Moerwijk",
        help=HelpKind.STUDENT_PROJECT,
        disciplines=["pedagogiek", "sociologie"],
        window=(30, 180),
        state=QuestionState.ACCEPTED,
        contact=("Dennis Hoogland", "bestuur.moerwijkunited@example.org"),
        description="Tot hun twaalfde spelen de kinderen trouw, daarna haken ze massaal af. We willen weten waarom, "
        "en wat we als club anders kunnen doen.",
    ),
    "drempels-bij-de-overstap-naar-de-middelbare-school": dict(
        title="Welke drempels ervaren ouders bij de overstap naar de middelbare school?",
        asker=AskerKind.MUNICIPALITY,
        organisation="Gemeente Den Haag, afdeling Onderwijs",
        theme=ONDERWIJS,
        stadsdeel="",
        wijk="",
        help=HelpKind.RESEARCH,
        disciplines=["pedagogiek", "data-science", "bestuurskunde"],
        window=(40, 220),
        state=QuestionState.ACCEPTED,
        contact=("Lotte de Graaf", "l.degraaf.onderwijs@example.org"),
        description="Kinderen met hetzelfde advies komen in verschillende wijken op heel verschillende scholen "
        "terecht. Welke drempels ervaren ouders bij de keuze, en wat zeggen de cijfers per wijk?",
    ),
    "pleinen-in-transvaal-s-avonds-veiliger": dict(
        title="Hoe maken we de pleinen in Transvaal 's avonds veiliger?",
        asker=AskerKind.ORGANISATION,
        organisation="Bewonersorganisatie Transvaal",
        theme=LEEFBAAR,
        stadsdeel="Centrum",
        wijk="Transvaal",
        help=HelpKind.DESIGN,
        disciplines=["criminologie", "ruimtelijke-ordening", "vormgeving"],
        window=(25, 160),
        state=QuestionState.ACCEPTED,
        contact=("Samira Ouali", "bewoners.transvaal@example.org"),
        description="Na donker voelen veel bewoners zich niet prettig op de pleinen. Meer camera's willen we niet; "
        "we zoeken ideeën voor licht, inrichting en gebruik die wel helpen.",
    ),
    "kleine-ondernemers-op-de-haagse-markt": dict(
        title="Wat houdt kleine ondernemers op de Haagse Markt overeind?",
        asker=AskerKind.ORGANISATION,
        organisation="Ondernemersvereniging Haagse Markt",
        theme=BESTAAN,
        stadsdeel="Centrum",
        wijk="Schilderswijk",
        help=HelpKind.RESEARCH,
        disciplines=["bedrijfskunde", "economie"],
        window=(70, 230),
        state=QuestionState.ACCEPTED,
        contact=("Hasan Yildiz", "info.ondernemershaagsemarkt@example.org"),
        description="Marktkooplieden hebben te maken met hogere kosten en minder klanten door de week. Wat maakt dat "
        "sommigen het wel redden, en wat kunnen we van hen leren?",
    ),
    "wijkraad-ypenburg-meer-bewoners": dict(
        title="Hoe krijgen we jonge gezinnen in Ypenburg betrokken bij de wijkraad?",
        asker=AskerKind.RESIDENT,
        organisation="",
        theme=SAMENLEVEN,
        stadsdeel="Leidschenveen-Ypenburg",
        wijk="Ypenburg",
        help=HelpKind.ADVICE,
        disciplines=["communicatie"],
        window=(10, 90),
        state=QuestionState.ACCEPTED,
        contact=("Bas Mulder", "bas.mulder@example.org"),
        description="De wijkraad bestaat vooral uit gepensioneerden. Jonge ouders hebben wel ideeën, maar geen tijd "
        "voor vergaderingen. Hoe kunnen ze toch meepraten?",
    ),
    "schuldhulp-die-werkt": dict(
        title="Schuldhulp die werkt: wat zeggen Hagenaars zelf?",
        asker=AskerKind.MUNICIPALITY,
        organisation="Gemeente Den Haag, Sociale Zaken",
        theme=BESTAAN,
        stadsdeel="Escamp",
        wijk="Bouwlust",
        help=HelpKind.RESEARCH,
        disciplines=["data-science", "economie"],
        window=(-30, 200),
        state=QuestionState.MATCHED,
        contact=("Mark Veenstra", "m.veenstra.szw@example.org"),
        matched=[("offer", "leiden-data-science-onderzoeksgroep")],
        description="We willen weten welke vormen van schuldhulp Hagenaars zelf als helpend ervaren, en of dat "
        "zichtbaar is in de cijfers over terugval.",
    ),
    "ouderbetrokkenheid-op-basisscholen-in-escamp": dict(
        title="Ouderbetrokkenheid op basisscholen in Escamp",
        asker=AskerKind.ORGANISATION,
        organisation="Stichting Brede School Escamp",
        theme=ONDERWIJS,
        stadsdeel="Escamp",
        wijk="Moerwijk",
        help=HelpKind.STUDENT_PROJECT,
        disciplines=["pedagogiek"],
        window=(15, 150),
        state=QuestionState.IN_PROGRESS,
        contact=("Anouk Bakker", "brede.school.escamp@example.org"),
        matched=[("offer", "inholland-pedagogiek-praktijkonderzoek"), ("lab", "wijklab-escamp")],
        description="Ouders komen op de eerste schooldag en dan niet meer. Hoe betrekken we ze bij wat hun kind leert?",
    ),
    "zwerfafval-rond-de-haagse-markt": dict(
        title="Zwerfafval rond de Haagse Markt",
        asker=AskerKind.RESIDENT,
        organisation="",
        theme=LEEFBAAR,
        stadsdeel="Centrum",
        wijk="Schilderswijk",
        help=HelpKind.STUDENT_PROJECT,
        disciplines=["social-work"],
        window=(-120, -10),
        state=QuestionState.DONE,
        contact=("Kim de Wit", "kim.dewit@example.org"),
        matched=[("offer", "hhs-minor-wijkgericht-werken"), ("lab", "stadslab-schilderswijk")],
        description="Op marktdagen waait het afval de straten in. Hoe krijgen we kooplieden, bezoekers en bewoners "
        "samen aan de slag?",
    ),
    "huiswerkbegeleiding-in-laak": dict(
        title="Kunnen studenten helpen met huiswerkbegeleiding in Laak?",
        asker=AskerKind.RESIDENT,
        organisation="",
        theme=ONDERWIJS,
        stadsdeel="Laak",
        wijk="Laakkwartier",
        help=HelpKind.STUDENT_PROJECT,
        disciplines=[],
        window=(20, 120),
        state=QuestionState.SUBMITTED,
        contact=("Fenna Jacobs", "fenna.jacobs@example.org"),
        description="Ik ben moeder van drie kinderen en zie dat veel kinderen in onze straat thuis geen rustige plek "
        "hebben om huiswerk te maken.",
    ),
    "stoep-in-loosduinen": dict(
        title="Wanneer wordt de stoep in mijn straat gerepareerd?",
        asker=AskerKind.RESIDENT,
        organisation="",
        theme=LEEFBAAR,
        stadsdeel="Loosduinen",
        wijk="Kijkduin",
        help=HelpKind.ADVICE,
        disciplines=[],
        window=None,
        state=QuestionState.REJECTED,
        contact=("Gerard Smit", "gerard.smit@example.org"),
        rejection="Dit is een melding voor de gemeente (via Fixi), geen kennisvraag voor onderwijs of onderzoek.",
        description="De tegels liggen al maanden los en mijn buurvrouw is gevallen.",
    ),
}


def _by_slug(model, slug: str):
    return db.session.scalar(select(model).where(model.slug == slug))


def _index(model) -> dict:
    return {item.slug: item for item in db.session.scalars(select(model))}


def load(today: date | None = None) -> int:
    """Add whatever demo offers and questions are missing; returns how many objects were created."""
    today = today or local_today()
    themes, disciplines = _index(Theme), _index(Discipline)
    organisations, labs, talkshows = _index(Organisation), _index(Lab), _index(Talkshow)
    if not all(slug in organisations for slug in (HHS, INHOLLAND, LEIDEN)) or not themes:
        return 0  # the series demo (partners, themes) was not loaded
    created = 0

    offers: dict[str, Offer] = {}
    for slug, facts in OFFERS.items():
        offer = _by_slug(Offer, slug)
        if offer is None:
            start, end = facts["period"]
            contact_name, contact_email = facts["contact"]
            offer = Offer(
                slug=slug,
                title=facts["title"],
                kind=facts["kind"],
                institution=organisations[facts["institution"]],
                programme=facts["programme"],
                level=facts["level"],
                description=facts["description"],
                period_start=today + timedelta(days=start),
                period_end=today + timedelta(days=end),
                capacity=facts["capacity"],
                remaining_capacity=facts["remaining"],
                capacity_unit=facts["unit"],
                contact_name=contact_name,
                contact_email=contact_email,
                lab=labs.get(facts["lab"]) if facts["lab"] else None,
                disciplines=[disciplines[d] for d in facts["disciplines"] if d in disciplines],
                themes=[themes[t] for t in facts["themes"] if t in themes],
                talkshows=[talkshows[t] for t in facts["talkshows"] if t in talkshows],
                preferred_places=[PreferredStadsdeel(stadsdeel=s) for s in facts["stadsdelen"]],
            )
            db.session.add(offer)
            created += 1
        offers[slug] = offer

    for slug, facts in QUESTIONS.items():
        if _by_slug(Question, slug) is not None:
            continue
        contact_name, contact_email = facts["contact"]
        window = facts["window"]
        moderated = facts["state"] != QuestionState.SUBMITTED
        question = Question(
            slug=slug,
            title=facts["title"],
            description=facts["description"],
            asker_kind=facts["asker"],
            asker_organisation=facts["organisation"],
            theme=themes[facts["theme"]],
            stadsdeel=facts["stadsdeel"],
            wijk=facts["wijk"],
            help_kind=facts["help"],
            starts_on=today + timedelta(days=window[0]) if window else None,
            deadline=today + timedelta(days=window[1]) if window else None,
            contact_name=contact_name,
            contact_email=contact_email,
            state=facts["state"],
            rejection_reason=facts.get("rejection", ""),
            moderated_at=utcnow() if moderated else None,
            disciplines=[disciplines[d] for d in facts["disciplines"] if d in disciplines],
        )
        db.session.add(question)
        created += 1
        for kind, target_slug in facts.get("matched", []):
            target = offers.get(target_slug) if kind == "offer" else labs.get(target_slug)
            if target is None:
                continue
            db.session.add(_demo_match(question, target))
            created += 1
    db.session.commit()
    return created


def _demo_match(question: Question, target: Offer | Lab) -> Match:
    """A confirmed match as an organiser would have made it (score and reasons kept); no mail.

    The demo offers' remaining capacity already counts these matches.
    """
    scored = score(need_of(question), candidate_of(target))
    return Match(
        question=question,
        offer=target if isinstance(target, Offer) else None,
        lab=target if isinstance(target, Lab) else None,
        score=scored.score,
        reasons=[reason.as_stored() for reason in scored.reasons],
        confirmed_at=utcnow(),
    )
