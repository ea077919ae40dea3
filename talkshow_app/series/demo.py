"""A believable, fictional demo series: real partners and stadsdelen, invented people.

Loading is idempotent: every object is looked up by its slug first, so running it twice
changes nothing. Dates are placed relative to the day of the first load (some past, most
upcoming) and are never moved afterwards.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ..extensions import db
from ..labs.models import Lab
from ..timezones import LOCAL_TZ, local_today
from .models import Organisation, Speaker, SpeakerPart, Talkshow, TalkshowSpeaker, TalkshowStatus, Theme, Venue

CORE_THEMES = [
    (
        "samenleven-in-wijken",
        "Samenleven in wijken",
        "Living together in neighbourhoods",
        "#0b6e4f",
        "Hoe leven Hagenaars met verschillende achtergronden samen in hun wijk, en wat helpt daarbij?",
    ),
    (
        "kansen-en-barrieres-in-het-onderwijs",
        "Kansen en barrières in het onderwijs",
        "Opportunities and barriers in education",
        "#6a3d9a",
        "Wie krijgt welke kansen in het Haagse onderwijs, en welke drempels staan ertussen?",
    ),
    (
        "leefbaarheid-en-veiligheid-in-de-wijk",
        "Leefbaarheid en veiligheid in de wijk",
        "Liveability and safety in the neighbourhood",
        "#b3261e",
        "Schone straten, veilige pleinen, groen om de hoek: wat maakt een wijk leefbaar?",
    ),
    (
        "ondernemen-en-bestaanszekerheid",
        "Ondernemen en bestaanszekerheid",
        "Entrepreneurship and livelihood security",
        "#8a4b00",
        "Van schuldhulp tot startende ondernemers: hoe krijgen Hagenaars grip op hun bestaan?",
    ),
]

PARTNERS = [
    ("gemeente-den-haag", "Gemeente Den Haag", "Gemeente", "https://www.denhaag.nl"),
    ("universiteit-leiden", "Universiteit Leiden", "Leiden", "https://www.universiteitleiden.nl"),
    ("hogeschool-inholland", "Hogeschool Inholland", "Inholland", "https://www.inholland.nl"),
    ("de-haagse-hogeschool", "De Haagse Hogeschool", "HHs", "https://www.dehaagsehogeschool.nl"),
]

VENUES = [
    ("de-nieuwe-regentes", "Theater De Nieuwe Regentes", "Weimarstraat 63, 2562 GR Den Haag", 52.0735, 4.2870),
    ("wijkcentrum-de-schilderswijk", "Wijkcentrum Schilderswijk", "Hoefkade 623, 2525 BT Den Haag", 52.0629, 4.3051),
    (
        "campus-den-haag",
        "Universiteit Leiden, Campus Den Haag (Wijnhaven)",
        "Turfmarkt 99, 2511 DP Den Haag",
        52.0769,
        4.3176,
    ),
    ("bibliotheek-escamp", "Bibliotheek Escamp", "Dedemsvaartweg 208, 2545 AX Den Haag", 52.0448, 4.2696),
]

LABS = [
    (
        "stadslab-schilderswijk",
        "Stadslab Schilderswijk",
        ["de-haagse-hogeschool", "gemeente-den-haag"],
        "Studenten en bewoners werken samen aan vraagstukken over samenleven en armoede in de Schilderswijk.",
    ),
    (
        "wijklab-escamp",
        "Wijklab Escamp",
        ["hogeschool-inholland", "gemeente-den-haag"],
        "Een werkplaats in Escamp waar onderwijs, welzijn en bewoners elkaar ontmoeten.",
    ),
    (
        "kenniswerkplaats-leefbare-wijken",
        "Kenniswerkplaats Leefbare Wijken",
        ["universiteit-leiden", "de-haagse-hogeschool", "gemeente-den-haag"],
        "Onderzoekers, beleidsmakers en studenten onderzoeken samen wat wijken leefbaar en veilig maakt.",
    ),
    (
        "living-lab-scheveningen",
        "Living Lab Scheveningen",
        ["universiteit-leiden", "hogeschool-inholland"],
        "Experimenten met ondernemers en bewoners rond de haven en de boulevard.",
    ),
]

# slug, name, role, organisation slug, labs, bio
SPEAKERS = [
    (
        "fatima-el-amrani",
        "Fatima el Amrani",
        "Lector Samenleven",
        "de-haagse-hogeschool",
        ["stadslab-schilderswijk"],
        "Onderzoekt hoe buurtnetwerken bewoners door moeilijke tijden helpen.",
    ),
    (
        "joost-van-der-meer",
        "Joost van der Meer",
        "Presentator",
        None,
        [],
        "Haags programmamaker en vaste gastheer van Den Haag Draait Door.",
    ),
    (
        "sanne-verhoeven",
        "Sanne Verhoeven",
        "Universitair docent Bestuurskunde",
        "universiteit-leiden",
        ["kenniswerkplaats-leefbare-wijken"],
        "Schrijft over vertrouwen tussen bewoners en overheid.",
    ),
    (
        "ravi-ramdin",
        "Ravi Ramdin",
        "Docent Social Work",
        "hogeschool-inholland",
        ["wijklab-escamp"],
        "Begeleidt studenten die in Escamp met jongeren werken.",
    ),
    (
        "lotte-de-graaf",
        "Lotte de Graaf",
        "Beleidsadviseur Onderwijs",
        "gemeente-den-haag",
        [],
        "Werkt aan gelijke kansen in het Haagse onderwijs.",
    ),
    (
        "mehmet-yilmaz",
        "Mehmet Yılmaz",
        "Student Bestuurskunde",
        "de-haagse-hogeschool",
        ["stadslab-schilderswijk"],
        "Deed onderzoek naar jongerenwerk in zijn eigen wijk.",
    ),
    (
        "anouk-bakker",
        "Anouk Bakker",
        "Bewoner en buurtcoach",
        None,
        ["wijklab-escamp"],
        "Zet zich al twintig jaar in voor haar buurt in Moerwijk.",
    ),
    (
        "pieter-jansen",
        "Pieter Jansen",
        "Hoogleraar Criminologie",
        "universiteit-leiden",
        ["kenniswerkplaats-leefbare-wijken"],
        "Onderzoekt veiligheid en vertrouwen in Haagse wijken.",
    ),
    (
        "naima-bouzid",
        "Naima Bouzid",
        "Ondernemer en lector Ondernemerschap",
        "hogeschool-inholland",
        ["living-lab-scheveningen"],
        "Helpt startende ondernemers in de stad op weg.",
    ),
]

# slug, title, theme, venue, week offset from the first load, capacity, speakers (slug, part), summary
TALKSHOWS = [
    (
        "wie-kent-zijn-buren-nog",
        "Wie kent zijn buren nog?",
        "samenleven-in-wijken",
        "wijkcentrum-de-schilderswijk",
        -6,
        80,
        [("joost-van-der-meer", "host"), ("fatima-el-amrani", "researcher"), ("anouk-bakker", "resident")],
        "Over ontmoeting, eenzaamheid en de kracht van buurtnetwerken.",
    ),
    (
        "de-kansenkloof-in-de-klas",
        "De kansenkloof in de klas",
        "kansen-en-barrieres-in-het-onderwijs",
        "campus-den-haag",
        -2,
        120,
        [("joost-van-der-meer", "host"), ("lotte-de-graaf", "guest"), ("mehmet-yilmaz", "student")],
        "Waarom het schooladvies nog altijd afhangt van je postcode, en wat daartegen helpt.",
    ),
    (
        "veilig-over-straat",
        "Veilig over straat",
        "leefbaarheid-en-veiligheid-in-de-wijk",
        "bibliotheek-escamp",
        2,
        60,
        [("joost-van-der-meer", "host"), ("pieter-jansen", "researcher"), ("ravi-ramdin", "guest")],
        "Wat maakt dat je je veilig voelt in je eigen buurt?",
    ),
    (
        "rondkomen-in-de-residentie",
        "Rondkomen in de residentie",
        "ondernemen-en-bestaanszekerheid",
        "de-nieuwe-regentes",
        5,
        150,
        [("joost-van-der-meer", "host"), ("naima-bouzid", "guest"), ("fatima-el-amrani", "researcher")],
        "Bestaanszekerheid, schulden en kleine ondernemers in Den Haag.",
    ),
    (
        "school-en-wijk-samen",
        "School en wijk samen",
        "kansen-en-barrieres-in-het-onderwijs",
        "wijkcentrum-de-schilderswijk",
        8,
        70,
        [("joost-van-der-meer", "host"), ("ravi-ramdin", "guest"), ("lotte-de-graaf", "guest")],
        "Hoe scholen, ouders en buurtorganisaties samen meer kansen maken.",
    ),
    (
        "groen-schoon-en-heel",
        "Groen, schoon en heel",
        "leefbaarheid-en-veiligheid-in-de-wijk",
        "de-nieuwe-regentes",
        11,
        150,
        [("joost-van-der-meer", "host"), ("sanne-verhoeven", "researcher"), ("anouk-bakker", "resident")],
        "Bewoners en onderzoekers over een leefbare openbare ruimte.",
    ),
    (
        "nieuwe-hagenaars-nieuwe-buren",
        "Nieuwe Hagenaars, nieuwe buren",
        "samenleven-in-wijken",
        "bibliotheek-escamp",
        14,
        60,
        [("joost-van-der-meer", "host"), ("sanne-verhoeven", "guest"), ("mehmet-yilmaz", "student")],
        "Over aankomen, meedoen en thuisraken in een Haagse wijk.",
    ),
    (
        "ondernemen-aan-de-haven",
        "Ondernemen aan de haven",
        "ondernemen-en-bestaanszekerheid",
        "campus-den-haag",
        17,
        100,
        [("joost-van-der-meer", "host"), ("naima-bouzid", "guest"), ("pieter-jansen", "researcher")],
        "Van visafslag tot start-up: werk en bestaanszekerheid in Scheveningen.",
    ),
]


def _thursday_evening(first_load: date, week_offset: int) -> datetime:
    thursday = first_load + timedelta(days=(3 - first_load.weekday()) % 7, weeks=week_offset)
    return datetime.combine(thursday, time(20, 0), tzinfo=LOCAL_TZ)


def _by_slug(model, slug: str):
    return db.session.scalar(select(model).where(model.slug == slug))


def _introduction(line_up: list[tuple[str, str]]) -> str:
    """Who talks with whom, from the line-up, so the page does not repeat the summary."""
    names = {slug: name for slug, name, *_ in SPEAKERS}
    host = next((names[s] for s, part in line_up if part == "host"), "De presentator")
    guests = [names[s] for s, part in line_up if part != "host"]
    with_whom = ", ".join(guests[:-1]) + " en " + guests[-1] if len(guests) > 1 else "".join(guests)
    return (
        f"{host} gaat in gesprek met {with_whom}. Onderzoek, praktijk en ervaring uit de wijk aan één tafel, "
        "met ruimte voor vragen uit de zaal.\n\n"
        "Na afloop is er een borrel waar u de sprekers en de labs kunt ontmoeten."
    )


def has_talkshows() -> bool:
    return db.session.scalar(select(Talkshow.id).limit(1)) is not None


def load(today: date | None = None) -> int:
    """Add whatever of the demo series is missing; returns how many objects were created."""
    today = today or local_today()
    created = 0

    themes: dict[str, Theme] = {}
    for position, (slug, name, name_en, colour, description) in enumerate(CORE_THEMES):
        theme = _by_slug(Theme, slug)
        if theme is None:
            theme = Theme(
                slug=slug,
                name=name,
                name_en=name_en,
                colour=colour,
                description=description,
                is_core=True,
                position=position,
            )
            db.session.add(theme)
            created += 1
        themes[slug] = theme

    organisations: dict[str, Organisation] = {}
    for slug, name, short_name, website in PARTNERS:
        organisation = _by_slug(Organisation, slug)
        if organisation is None:
            organisation = Organisation(slug=slug, name=name, short_name=short_name, website=website, is_partner=True)
            db.session.add(organisation)
            created += 1
        organisations[slug] = organisation

    venues: dict[str, Venue] = {}
    for slug, name, address, latitude, longitude in VENUES:
        venue = _by_slug(Venue, slug)
        if venue is None:
            venue = Venue(slug=slug, name=name, address=address, latitude=latitude, longitude=longitude)
            db.session.add(venue)
            created += 1
        venues[slug] = venue

    labs: dict[str, Lab] = {}
    for slug, name, partner_slugs, description in LABS:
        lab = _by_slug(Lab, slug)
        if lab is None:
            lab = Lab(slug=slug, name=name, description=description, partners=[organisations[p] for p in partner_slugs])
            db.session.add(lab)
            created += 1
        labs[slug] = lab

    speakers: dict[str, Speaker] = {}
    for slug, name, role_title, organisation_slug, lab_slugs, bio in SPEAKERS:
        speaker = _by_slug(Speaker, slug)
        if speaker is None:
            speaker = Speaker(
                slug=slug,
                name=name,
                role_title=role_title,
                bio=bio,
                organisation=organisations[organisation_slug] if organisation_slug else None,
                labs=[labs[s] for s in lab_slugs],
            )
            db.session.add(speaker)
            created += 1
        speakers[slug] = speaker

    for slug, title, theme_slug, venue_slug, week_offset, capacity, line_up, summary in TALKSHOWS:
        if _by_slug(Talkshow, slug) is not None:
            continue
        starts_at = _thursday_evening(today, week_offset)
        talkshow = Talkshow(
            slug=slug,
            title=title,
            theme=themes[theme_slug],
            venue=venues[venue_slug],
            capacity=capacity,
            summary=summary,
            description=_introduction(line_up),
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1, minutes=45),
            registration_opens_at=starts_at - timedelta(weeks=8),
            registration_closes_at=starts_at - timedelta(hours=2),
            status=TalkshowStatus.PUBLISHED,
            published_at=starts_at - timedelta(weeks=8),
            speaker_links=[
                TalkshowSpeaker(speaker=speakers[s], part=SpeakerPart(part), position=i)
                for i, (s, part) in enumerate(line_up)
            ],
        )
        db.session.add(talkshow)
        created += 1

    db.session.commit()
    return created
