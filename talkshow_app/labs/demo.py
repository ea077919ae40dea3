"""Demo labs across all eight stadsdelen: fictional labs, real partners, real wijken.

Runs after the series loader (which creates four labs with a name and partners only): those
four get their place, kind and disciplines here, and more labs are added. Idempotent: labs,
disciplines and organisations are looked up by slug, and a lab is only filled in while it has no
stadsdeel yet, so an organiser's later edits are never overwritten.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from ..extensions import db
from ..series.models import Organisation, Theme
from ..timezones import local_today
from .models import Discipline, Lab, LabKind, LabStatus

DISCIPLINES = [
    ("sociologie", "Sociologie"),
    ("bestuurskunde", "Bestuurskunde"),
    ("social-work", "Social Work"),
    ("pedagogiek", "Pedagogiek"),
    ("criminologie", "Criminologie"),
    ("ruimtelijke-ordening", "Ruimtelijke ordening"),
    ("data-science", "Data science"),
    ("bedrijfskunde", "Bedrijfskunde"),
    ("rechten", "Rechten"),
    ("gezondheidszorg", "Gezondheidszorg"),
    ("ict", "ICT"),
    ("communicatie", "Communicatie"),
    ("vormgeving", "Vormgeving"),
    ("psychologie", "Psychologie"),
    ("economie", "Economie"),
]

# Real institutions that take part in labs besides the four City Deal partners.
EXTRA_ORGANISATIONS = [
    ("roc-mondriaan", "ROC Mondriaan", "Mondriaan", "https://www.rocmondriaan.nl"),
    ("tu-delft", "TU Delft", "TU Delft", "https://www.tudelft.nl"),
]

SAMENLEVEN = "samenleven-in-wijken"
ONDERWIJS = "kansen-en-barrieres-in-het-onderwijs"
LEEFBAAR = "leefbaarheid-en-veiligheid-in-de-wijk"
BESTAAN = "ondernemen-en-bestaanszekerheid"

# slug: name, kind, partners, description, stadsdeel, wijk, address, (lat, lon), themes, disciplines,
#       programmes, students per semester, website, start year, contact, status, days since checked
LABS: dict[str, dict] = {
    "stadslab-schilderswijk": dict(
        kind=LabKind.STADSLAB,
        stadsdeel="Centrum",
        wijk="Schilderswijk",
        address="Hoefkade 583, 2526 BX Den Haag",
        location=(52.0652, 4.3041),
        themes=[SAMENLEVEN, BESTAAN],
        disciplines=["social-work", "sociologie", "bestuurskunde", "rechten"],
        programmes="Social Work, Bestuurskunde, HBO-Rechten (De Haagse Hogeschool)",
        students=40,
        website="https://www.dehaagsehogeschool.nl",
        start_year=2019,
        contact=("Fatima el Amrani", "stadslab.schilderswijk@example.org"),
        checked=40,
    ),
    "wijklab-escamp": dict(
        kind=LabKind.STADSLAB,
        stadsdeel="Escamp",
        wijk="Moerwijk",
        address="Erasmusweg 1010, 2532 CX Den Haag",
        location=(52.0511, 4.2892),
        themes=[SAMENLEVEN, ONDERWIJS],
        disciplines=["social-work", "pedagogiek", "gezondheidszorg"],
        programmes="Social Work, Pedagogiek, Verpleegkunde (Hogeschool Inholland)",
        students=30,
        website="https://www.inholland.nl",
        start_year=2021,
        contact=("Ravi Ramdin", "wijklab.escamp@example.org"),
        checked=120,
    ),
    "kenniswerkplaats-leefbare-wijken": dict(
        kind=LabKind.KENNISWERKPLAATS,
        stadsdeel="Laak",
        wijk="Laakkwartier",
        address="Rijswijkseweg 60, 2516 EH Den Haag",
        location=(52.0667, 4.3222),
        themes=[LEEFBAAR, SAMENLEVEN],
        disciplines=["criminologie", "bestuurskunde", "ruimtelijke-ordening", "data-science"],
        programmes=(
            "Criminologie, Bestuurskunde (Universiteit Leiden); Integrale Veiligheidskunde (De Haagse Hogeschool)"
        ),
        students=25,
        website="https://www.universiteitleiden.nl",
        start_year=2020,
        contact=("Sanne Verhoeven", "kenniswerkplaats@example.org"),
        checked=200,
    ),
    "living-lab-scheveningen": dict(
        kind=LabKind.LIVING_LAB,
        stadsdeel="Scheveningen",
        wijk="Duindorp",
        address="Dr. Lelykade 50, 2583 CM Den Haag",
        location=(52.0985, 4.2672),
        themes=[BESTAAN, LEEFBAAR],
        disciplines=["bedrijfskunde", "economie", "communicatie"],
        programmes="Ondernemerschap, Communicatie (Hogeschool Inholland); Economie (Universiteit Leiden)",
        students=20,
        website="https://www.inholland.nl",
        start_year=2022,
        contact=("Naima Bouzid", "livinglab.scheveningen@example.org"),
        checked=30,
    ),
    "stadslab-transvaal": dict(
        name="Stadslab Transvaal",
        partners=["de-haagse-hogeschool", "gemeente-den-haag", "roc-mondriaan"],
        description="In een voormalige winkel aan de Paul Krugerlaan werken studenten van hbo en mbo met bewoners aan "
        "schulden, werk en ondernemerschap in Transvaal.",
        kind=LabKind.STADSLAB,
        stadsdeel="Centrum",
        wijk="Transvaal",
        address="Paul Krugerlaan 120, 2571 JJ Den Haag",
        location=(52.0604, 4.2953),
        themes=[BESTAAN, SAMENLEVEN],
        disciplines=["bedrijfskunde", "social-work", "rechten", "economie"],
        programmes="Finance & Control, Social Work (De Haagse Hogeschool); Juridisch medewerker (ROC Mondriaan)",
        students=35,
        website="https://www.dehaagsehogeschool.nl",
        start_year=2018,
        contact=("Yasmina Chaouch", "stadslab.transvaal@example.org"),
        checked=75,
    ),
    "wetenschapswinkel-den-haag": dict(
        name="Wetenschapswinkel Den Haag",
        partners=["universiteit-leiden", "gemeente-den-haag"],
        description=(
            "Bewonersgroepen en maatschappelijke organisaties stellen hier hun onderzoeksvraag; "
            "masterstudenten "
            "zoeken het onder begeleiding van een onderzoeker uit."
        ),
        kind=LabKind.WETENSCHAPSWINKEL,
        stadsdeel="Centrum",
        wijk="Zuidwal",
        address="Turfmarkt 99, 2511 DP Den Haag",
        location=(52.0768, 4.3177),
        themes=[SAMENLEVEN, ONDERWIJS, LEEFBAAR],
        disciplines=["sociologie", "psychologie", "rechten", "bestuurskunde"],
        programmes="Masters Bestuurskunde, Psychologie en Rechten (Universiteit Leiden)",
        students=15,
        website="https://www.universiteitleiden.nl",
        start_year=2016,
        contact=("Maarten de Vries", "wetenschapswinkel@example.org"),
        checked=10,
    ),
    "buurtlab-bouwlust": dict(
        name="Buurtlab Bouwlust",
        partners=["hogeschool-inholland", "roc-mondriaan"],
        description="Studenten pedagogiek en mbo-studenten welzijn organiseren samen met ouders huiswerkbegeleiding en "
        "een ouderkamer in Bouwlust en Vrederust.",
        kind=LabKind.STADSLAB,
        stadsdeel="Escamp",
        wijk="Bouwlust en Vrederust",
        address="Leyweg 1232, 2545 GZ Den Haag",
        location=(52.0394, 4.2648),
        themes=[ONDERWIJS, SAMENLEVEN],
        disciplines=["pedagogiek", "social-work", "psychologie"],
        programmes="Pedagogiek (Hogeschool Inholland); Maatschappelijke zorg (ROC Mondriaan)",
        students=45,
        website="https://www.inholland.nl",
        start_year=2020,
        # Not checked for well over a year: shows as "needs checking" in the organiser area.
        contact=("Esther Koster", "buurtlab.bouwlust@example.org"),
        checked=460,
    ),
    "living-lab-mariahoeve": dict(
        name="Living Lab Mariahoeve",
        partners=["de-haagse-hogeschool", "gemeente-den-haag"],
        description="Proeftuin voor gezond ouder worden in de flats van Mariahoeve: studenten zorg, ICT en vormgeving "
        "testen oplossingen met bewoners.",
        kind=LabKind.LIVING_LAB,
        stadsdeel="Haagse Hout",
        wijk="Mariahoeve",
        address="Kleine Loolaan 30, 2591 LB Den Haag",
        location=(52.0868, 4.3653),
        themes=[LEEFBAAR, SAMENLEVEN],
        disciplines=["gezondheidszorg", "ict", "vormgeving"],
        programmes="Verpleegkunde, HBO-ICT, Industrieel Product Ontwerpen (De Haagse Hogeschool)",
        students=30,
        website="https://www.dehaagsehogeschool.nl",
        start_year=2023,
        contact=("Bram Hoekstra", "livinglab.mariahoeve@example.org"),
        checked=60,
    ),
    "kenniswerkplaats-ypenburg": dict(
        name="Kenniswerkplaats Ypenburg",
        partners=["hogeschool-inholland", "gemeente-den-haag", "tu-delft"],
        description=(
            "Hoe blijft een jonge Vinex-wijk leefbaar als de eerste bewoners ouder worden? Studenten "
            "ruimtelijke "
            "ordening en bestuurskunde onderzoeken het samen met de wijkvereniging."
        ),
        kind=LabKind.KENNISWERKPLAATS,
        stadsdeel="Leidschenveen-Ypenburg",
        wijk="Ypenburg",
        address="Laan van Ypenburg 100, 2497 GB Den Haag",
        location=(52.0427, 4.3648),
        themes=[LEEFBAAR],
        disciplines=["ruimtelijke-ordening", "bestuurskunde", "data-science"],
        programmes="Bestuurskunde (Hogeschool Inholland); Urbanism (TU Delft)",
        students=20,
        website="https://www.inholland.nl",
        start_year=2022,
        contact=("Linda Wijnberg", "kenniswerkplaats.ypenburg@example.org"),
        checked=150,
    ),
    "stadslab-waldeck": dict(
        name="Stadslab Waldeck",
        partners=["universiteit-leiden", "de-haagse-hogeschool"],
        description="Over eenzaamheid, mantelzorg en ontmoeting in Waldeck en Kijkduin, samen met huisartsen en "
        "buurtcentra.",
        kind=LabKind.STADSLAB,
        stadsdeel="Loosduinen",
        wijk="Waldeck",
        address="Sportlaan 700, 2566 LM Den Haag",
        location=(52.0627, 4.2471),
        themes=[SAMENLEVEN],
        disciplines=["gezondheidszorg", "sociologie", "psychologie"],
        programmes="Population Health Management (Universiteit Leiden); Social Work (De Haagse Hogeschool)",
        students=20,
        website="https://www.universiteitleiden.nl",
        start_year=2021,
        contact=("Hanneke Smit", "stadslab.waldeck@example.org"),
        checked=90,
    ),
    "jongerenlab-regentessekwartier": dict(
        name="Jongerenlab Regentessekwartier",
        partners=["hogeschool-inholland", "de-haagse-hogeschool"],
        description="Jongeren uit de wijk maken met studenten communicatie en vormgeving campagnes over veiligheid en "
        "ontmoeting; een verwant initiatief van een buurthuis.",
        kind=LabKind.RELATED_INITIATIVE,
        stadsdeel="Segbroek",
        wijk="Regentessekwartier",
        address="Weimarstraat 63, 2562 GR Den Haag",
        location=(52.0737, 4.2875),
        themes=[LEEFBAAR, ONDERWIJS],
        disciplines=["communicatie", "vormgeving", "pedagogiek"],
        programmes="Communicatie (Hogeschool Inholland); Communication & Multimedia Design (De Haagse Hogeschool)",
        students=25,
        website="https://www.inholland.nl",
        start_year=2024,
        contact=("Daan Visser", "jongerenlab@example.org"),
        checked=20,
    ),
    "datalab-binckhorst": dict(
        name="Datalab Binckhorst",
        partners=["de-haagse-hogeschool", "gemeente-den-haag", "tu-delft"],
        description=(
            "Sensoren, open data en bewonerspanels: hoe verandert de Binckhorst van bedrijventerrein naar woonwijk?"
        ),
        kind=LabKind.LIVING_LAB,
        stadsdeel="Laak",
        wijk="Binckhorst",
        address="Binckhorstlaan 36, 2516 BE Den Haag",
        location=(52.0716, 4.3371),
        themes=[LEEFBAAR, BESTAAN],
        disciplines=["data-science", "ict", "ruimtelijke-ordening"],
        programmes="HBO-ICT, Applied Data Science (De Haagse Hogeschool); Geomatics (TU Delft)",
        students=30,
        website="https://www.dehaagsehogeschool.nl",
        start_year=2022,
        contact=("Koen Jacobs", "datalab.binckhorst@example.org"),
        checked=45,
    ),
    "gezondheidslab-moerwijk": dict(
        name="Gezondheidslab Moerwijk",
        partners=["universiteit-leiden", "hogeschool-inholland"],
        description="Liep van 2017 tot 2023: studenten zorg en psychologie werkten met bewoners aan gezond leven; "
        "het werk gaat verder in het Wijklab Escamp.",
        kind=LabKind.STADSLAB,
        stadsdeel="Escamp",
        wijk="Moerwijk",
        address="Zuiderpark 1, 2533 TP Den Haag",
        location=(52.0533, 4.2935),
        themes=[SAMENLEVEN],
        disciplines=["gezondheidszorg", "psychologie"],
        programmes="Geneeskunde (Universiteit Leiden); Verpleegkunde (Hogeschool Inholland)",
        students=0,
        website="https://www.universiteitleiden.nl",
        start_year=2017,
        contact=("", ""),
        checked=400,
        status=LabStatus.ENDED,
    ),
}


def _by_slug(model, slug: str):
    return db.session.scalar(select(model).where(model.slug == slug))


def load(today: date | None = None) -> int:
    """Add whatever of the demo labs is missing; returns how many objects were created or filled in."""
    today = today or local_today()
    created = 0

    disciplines: dict[str, Discipline] = {}
    for slug, name in DISCIPLINES:
        discipline = _by_slug(Discipline, slug)
        if discipline is None:
            discipline = Discipline(slug=slug, name=name)
            db.session.add(discipline)
            created += 1
        disciplines[slug] = discipline

    for slug, name, short_name, website in EXTRA_ORGANISATIONS:
        if _by_slug(Organisation, slug) is None:
            db.session.add(Organisation(slug=slug, name=name, short_name=short_name, website=website))
            created += 1
    db.session.flush()

    themes = {theme.slug: theme for theme in db.session.scalars(select(Theme))}
    organisations = {organisation.slug: organisation for organisation in db.session.scalars(select(Organisation))}

    for slug, facts in LABS.items():
        lab = _by_slug(Lab, slug)
        if lab is None:
            if "name" not in facts:
                continue  # one of the series' labs, and the series demo was not loaded
            lab = Lab(
                slug=slug,
                name=facts["name"],
                description=facts["description"],
                partners=[organisations[p] for p in facts["partners"] if p in organisations],
            )
            db.session.add(lab)
        elif lab.stadsdeel:
            continue  # filled in before (maybe edited since): leave it alone
        contact_name, contact_email = facts["contact"]
        lab.kind = facts["kind"]
        lab.status = facts.get("status", LabStatus.ACTIVE)
        lab.stadsdeel = facts["stadsdeel"]
        lab.wijk = facts["wijk"]
        lab.address = facts["address"]
        lab.latitude, lab.longitude = facts["location"]
        lab.themes = [themes[t] for t in facts["themes"] if t in themes]
        lab.disciplines = [disciplines[d] for d in facts["disciplines"]]
        lab.programmes = facts["programmes"]
        lab.student_capacity = facts["students"]
        lab.website = facts["website"]
        lab.start_year = facts["start_year"]
        lab.contact_name = contact_name
        lab.contact_email = contact_email
        lab.last_checked_on = today - timedelta(days=facts["checked"])
        if lab.status == LabStatus.ENDED:
            lab.ended_on = date(2023, 12, 31)
        created += 1

    db.session.commit()
    return created
