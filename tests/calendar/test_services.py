"""Calendar use cases against the database: which talkshows a file holds, what they say, invites."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from talkshow_app.calendar import services
from talkshow_app.series.models import TalkshowSpeaker, TalkshowStatus

from .helpers import count_queries, only_event, parse_both

LOCAL_2027_03_28_2000 = datetime(2027, 3, 28, 18, 0, tzinfo=UTC)
LOCAL_2027_10_31_2000 = datetime(2027, 10, 31, 19, 0, tzinfo=UTC)


@pytest.fixture
def rich_talkshow(make_talkshow, make_theme, make_venue, make_speaker, make_organisation):
    """A talkshow with every kind of text a calendar has to escape."""
    theme = make_theme(name="Samenleven in wijken", name_en="Living together in neighbourhoods", slug="samenleven")
    venue = make_venue(
        name="Café 't Hoekje, Schilderswijk",
        address="Hoefkade 623; 2525 BT Den Haag",
        latitude=52.0629,
        longitude=4.3051,
    )
    leiden = make_organisation(name="Universiteit Leiden", slug="universiteit-leiden")
    haagse = make_organisation(name="De Haagse Hogeschool", slug="de-haagse-hogeschool")
    speakers = [
        (make_speaker(name="Fatima el Amrani", organisation=haagse), "host"),
        (make_speaker(name="Sanne Verhoeven", organisation=leiden), "guest"),
        (make_speaker(name="Noor Bakker-Çağlar"), "resident"),
    ]
    return make_talkshow(
        slug="wie-woont-er",
        title="Wie woont er; wie werkt er, en waarom?",
        summary="Een avond over buren,\nwerk en wonen.",
        theme=theme,
        venue=venue,
        starts_at=LOCAL_2027_03_28_2000,
        speakers=speakers,
    )


def test_the_single_file_is_one_published_event_with_the_talkshows_facts(db, site, rich_talkshow):
    calendar_file = services.talkshow_file("wie-woont-er", site)
    assert calendar_file.filename == "wie-woont-er.ics"
    assert calendar_file.inline is False
    calendar, strict = parse_both(calendar_file.text)
    assert str(calendar["METHOD"]) == "PUBLISH"
    vevent = only_event(calendar)
    assert str(vevent["UID"]) == f"talkshow-{rich_talkshow.id}@talkshows.example.org"
    assert str(vevent["SUMMARY"]) == "Wie woont er; wie werkt er, en waarom?"
    assert str(vevent["LOCATION"]) == "Café 't Hoekje, Schilderswijk, Hoefkade 623; 2525 BT Den Haag"
    assert vevent["GEO"].latitude == pytest.approx(52.0629)
    assert str(vevent["URL"]) == "https://talkshows.example.org/talkshows/wie-woont-er"
    assert vevent["CATEGORIES"].cats == ["Samenleven in wijken"]
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert vevent["DTSTART"].dt.astimezone(UTC) == LOCAL_2027_03_28_2000
    assert str(vevent["ORGANIZER"]) == "mailto:agenda@example.org"
    assert "ATTENDEE" not in vevent
    event = strict.events[0]
    assert event.summary == "Wie woont er; wie werkt er, en waarom?"
    assert event.location == "Café 't Hoekje, Schilderswijk, Hoefkade 623; 2525 BT Den Haag"
    assert event.dtstart.astimezone(UTC) == LOCAL_2027_03_28_2000
    assert event.dtend.astimezone(UTC) == LOCAL_2027_03_28_2000 + timedelta(hours=2)


def test_the_description_is_dutch_plain_text_with_theme_speakers_and_the_public_link(db, site, rich_talkshow):
    calendar, strict = parse_both(services.talkshow_file("wie-woont-er", site).text)
    description = str(only_event(calendar)["DESCRIPTION"])
    assert description == strict.events[0].description
    assert description == (
        "Een avond over buren,\nwerk en wonen.\n\n"
        "Thema: Samenleven in wijken\n"
        "Sprekers:\n"
        "- Fatima el Amrani (De Haagse Hogeschool)\n"
        "- Sanne Verhoeven (Universiteit Leiden)\n"
        "- Noor Bakker-Çağlar\n\n"
        "Meer informatie: https://talkshows.example.org/talkshows/wie-woont-er"
    )
    assert "<" not in description  # plain text, not HTML


def test_english_on_request(db, site, rich_talkshow):
    calendar, _ = parse_both(services.talkshow_file("wie-woont-er", site, language="en").text)
    vevent = only_event(calendar)
    assert "Theme: Living together in neighbourhoods" in str(vevent["DESCRIPTION"])
    assert vevent["CATEGORIES"].cats == ["Living together in neighbourhoods"]


def test_drafts_and_unknown_slugs_have_no_file(db, site, make_talkshow):
    make_talkshow(slug="nog-geheim", status=TalkshowStatus.DRAFT)
    for slug in ("nog-geheim", "bestaat-niet"):
        with pytest.raises(services.NotFound):
            services.talkshow_file(slug, site)


def test_a_cancelled_talkshow_file_says_cancelled(db, site, make_talkshow):
    make_talkshow(slug="gaat-niet-door", title="Wonen", status=TalkshowStatus.CANCELLED, sequence=3)
    calendar, strict = parse_both(services.talkshow_file("gaat-niet-door", site).text)
    vevent = only_event(calendar)
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert str(vevent["SUMMARY"]) == "Geannuleerd: Wonen"
    assert str(vevent["DESCRIPTION"]).startswith("Deze talkshow is geannuleerd.")
    assert vevent["SEQUENCE"] == 3
    assert strict.events[0].status == "CANCELLED"


# --- feeds ---------------------------------------------------------------------------------------


def _uids(text: str) -> set[str]:
    calendar, strict = parse_both(text)
    uids = {str(e["UID"]) for e in calendar.walk("VEVENT")}
    assert uids == {e.uid for e in strict.events}
    return uids


def _uid(talkshow) -> str:
    return f"talkshow-{talkshow.id}@talkshows.example.org"


def test_the_series_feed_holds_public_talkshows_and_cancelled_ones_until_they_are_past(db, site, make_talkshow):
    now = datetime.now(UTC)
    upcoming = make_talkshow(starts_at=now + timedelta(days=10))
    past = make_talkshow(starts_at=now - timedelta(days=40))
    draft = make_talkshow(starts_at=now + timedelta(days=12), status=TalkshowStatus.DRAFT)
    cancelled_upcoming = make_talkshow(starts_at=now + timedelta(days=14), status=TalkshowStatus.CANCELLED)
    cancelled_past = make_talkshow(starts_at=now - timedelta(days=3), status=TalkshowStatus.CANCELLED)
    cancelled_running = make_talkshow(starts_at=now - timedelta(hours=1), status=TalkshowStatus.CANCELLED)

    feed = services.series_feed(site)
    assert feed.filename == "den-haag-draait-door.ics" and feed.inline is True
    uids = _uids(feed.text)
    assert _uid(upcoming) in uids and _uid(past) in uids
    assert _uid(cancelled_upcoming) in uids and _uid(cancelled_running) in uids
    assert _uid(draft) not in uids
    assert _uid(cancelled_past) not in uids
    calendar, _ = parse_both(feed.text)
    statuses = {str(e["UID"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")}
    assert statuses[_uid(cancelled_upcoming)] == "CANCELLED"
    assert statuses[_uid(upcoming)] == "CONFIRMED"
    assert str(calendar["X-WR-CALNAME"]) == "Den Haag Draait Door"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Amsterdam"
    assert str(calendar["X-WR-CALDESC"]) == "Talkshows van de City Deal Kennis Maken in Den Haag."
    # Last-Modified is the latest change among the talkshows in the feed.
    assert feed.last_modified == max(t.updated_at for t in (upcoming, past, cancelled_upcoming, cancelled_running))


def test_a_cancelled_talkshow_leaves_the_feed_once_it_is_past(db, site, make_talkshow):
    show = make_talkshow(starts_at=datetime(2027, 5, 1, 18, 0, tzinfo=UTC), status=TalkshowStatus.CANCELLED)
    assert _uid(show) in _uids(services.series_feed(site, now=datetime(2027, 5, 1, 19, 0, tzinfo=UTC)).text)
    assert _uid(show) not in _uids(services.series_feed(site, now=datetime(2027, 5, 1, 20, 1, tzinfo=UTC)).text)


def test_the_theme_feed_holds_only_that_theme(db, site, make_talkshow, make_theme):
    wonen = make_theme(name="Wonen", slug="wonen")
    onderwijs = make_theme(name="Onderwijs", slug="onderwijs")
    in_theme = make_talkshow(theme=wonen)
    other = make_talkshow(theme=onderwijs)
    draft = make_talkshow(theme=wonen, status=TalkshowStatus.DRAFT)
    feed = services.theme_feed("wonen", site)
    assert feed.filename == "den-haag-draait-door-wonen.ics"
    uids = _uids(feed.text)
    assert uids == {_uid(in_theme)}
    assert _uid(other) not in uids and _uid(draft) not in uids
    calendar, _ = parse_both(feed.text)
    assert str(calendar["X-WR-CALNAME"]) == "Den Haag Draait Door – Wonen"
    with pytest.raises(services.NotFound):
        services.theme_feed("bestaat-niet", site)


def test_an_empty_feed_is_still_a_valid_calendar(db, site):
    feed = services.series_feed(site)
    calendar, strict = parse_both(feed.text)
    assert strict.events == [] and calendar.walk("VEVENT") == []
    assert feed.last_modified is None


def test_the_feed_takes_a_fixed_number_of_queries(db, site, make_talkshow, make_speaker, make_organisation):
    def add_talkshow():
        organisation = make_organisation()
        make_talkshow(speakers=[(make_speaker(organisation=organisation), "guest") for _ in range(3)])

    add_talkshow()
    db.session.expire_all()
    with count_queries(db) as one:
        services.series_feed(site)
    for _ in range(5):
        add_talkshow()
    db.session.expire_all()
    with count_queries(db) as six:
        feed = services.series_feed(site)
    assert len(_uids(feed.text)) == 6
    assert len(six) == len(one) <= 6


# --- personal invites ------------------------------------------------------------------------------


def _invite(talkshow, site, method):
    return services.invite_ics(
        talkshow, site, attendee_email="noor.bakker@example.org", attendee_name="Noor Bakker-Çağlar", method=method
    )


def test_the_request_invites_only_the_registrant_from_the_sender(db, site, rich_talkshow):
    calendar, strict = parse_both(_invite(rich_talkshow, site, "REQUEST"))
    assert str(calendar["METHOD"]) == "REQUEST"
    vevent = only_event(calendar)
    assert str(vevent["ORGANIZER"]) == "mailto:agenda@example.org"
    assert vevent["ORGANIZER"].params["CN"] == "Den Haag Draait Door"
    assert str(vevent["ATTENDEE"]) == "mailto:noor.bakker@example.org"
    assert vevent["ATTENDEE"].params["CN"] == "Noor Bakker-Çağlar"
    assert vevent["ATTENDEE"].params["RSVP"] == "FALSE"
    assert str(vevent["UID"]) == _uid(rich_talkshow)
    assert abs(vevent["DTSTAMP"].dt - datetime.now(UTC)) < timedelta(minutes=1)
    [attendee] = strict.events[0].attendees
    assert attendee.uri == "mailto:noor.bakker@example.org"


def test_a_plain_sender_address_still_gets_a_name(db, rich_talkshow):
    from talkshow_app.site import Site

    plain = Site(public_url="https://talkshows.example.org", sender="agenda@example.org")
    calendar, _ = parse_both(_invite(rich_talkshow, plain, "REQUEST"))
    organizer = only_event(calendar)["ORGANIZER"]
    assert str(organizer) == "mailto:agenda@example.org"
    assert organizer.params["CN"] == "Den Haag Draait Door"


def test_the_publish_copy_has_no_attendee(db, site, rich_talkshow):
    calendar, strict = parse_both(_invite(rich_talkshow, site, "PUBLISH"))
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert "ATTENDEE" not in only_event(calendar)
    assert strict.events[0].attendees == []


def test_an_unknown_method_is_refused(db, site, rich_talkshow):
    with pytest.raises(ValueError):
        _invite(rich_talkshow, site, "REPLY")


def test_an_invite_loads_the_speakers_deliberately(db, site, rich_talkshow, make_speaker, make_organisation):
    db.session.expire_all()
    with count_queries(db) as three_speakers:
        _invite(rich_talkshow, site, "REQUEST")
    extra = [make_speaker(organisation=make_organisation()) for _ in range(4)]
    for position, speaker in enumerate(extra, start=10):
        rich_talkshow.speaker_links.append(TalkshowSpeaker(speaker=speaker, position=position))
    db.session.commit()
    db.session.expire_all()
    with count_queries(db) as statements:
        text = _invite(rich_talkshow, site, "REQUEST")
    description = str(only_event(parse_both(text)[0])["DESCRIPTION"])
    assert all(f"- {speaker.name} ({speaker.organisation.name})" in description for speaker in extra)
    # refresh, talkshow, theme, venue, links, speakers, organisations: not one query per speaker
    assert len(statements) == len(three_speakers) <= 7


def test_moving_then_cancelling_updates_the_same_calendar_entry(db, site, rich_talkshow):
    first, _ = parse_both(_invite(rich_talkshow, site, "REQUEST"))
    first_event = only_event(first)
    assert first_event["DTSTART"].dt.astimezone(UTC) == LOCAL_2027_03_28_2000

    # The organiser moves the talkshow to the evening the clocks go back (as the series service does).
    rich_talkshow.starts_at = LOCAL_2027_10_31_2000
    rich_talkshow.ends_at = LOCAL_2027_10_31_2000 + timedelta(hours=2)
    rich_talkshow.sequence += 1
    db.session.commit()
    moved, moved_strict = parse_both(_invite(rich_talkshow, site, "REQUEST"))
    moved_event = only_event(moved)
    assert str(moved["METHOD"]) == "REQUEST"
    assert str(moved_event["UID"]) == str(first_event["UID"])
    assert moved_event["SEQUENCE"] > first_event["SEQUENCE"]
    assert moved_event["DTSTART"].dt.astimezone(UTC) == LOCAL_2027_10_31_2000
    assert moved_strict.events[0].dtstart.astimezone(UTC) == LOCAL_2027_10_31_2000
    assert moved_event["LAST-MODIFIED"].dt >= first_event["LAST-MODIFIED"].dt
    assert "DTSTART;TZID=Europe/Amsterdam:20271031T200000" in moved.to_ical().decode()

    # Then it is cancelled.
    rich_talkshow.status = TalkshowStatus.CANCELLED
    rich_talkshow.sequence += 1
    db.session.commit()
    cancel, cancel_strict = parse_both(_invite(rich_talkshow, site, "CANCEL"))
    cancel_event = only_event(cancel)
    assert str(cancel["METHOD"]) == "CANCEL"
    assert str(cancel_event["STATUS"]) == "CANCELLED"
    assert str(cancel_event["UID"]) == str(first_event["UID"])
    assert cancel_event["SEQUENCE"] > moved_event["SEQUENCE"]
    assert str(cancel_event["ORGANIZER"]) == "mailto:agenda@example.org"
    assert str(cancel_event["ATTENDEE"]) == "mailto:noor.bakker@example.org"
    assert cancel_strict.method == "CANCEL" and cancel_strict.events[0].status == "CANCELLED"


def test_a_registrant_who_cancels_gets_a_cancel_for_the_same_entry(db, site, rich_talkshow):
    request_event = only_event(parse_both(_invite(rich_talkshow, site, "REQUEST"))[0])
    cancel, strict = parse_both(_invite(rich_talkshow, site, "CANCEL"))
    cancel_event = only_event(cancel)
    assert str(cancel_event["UID"]) == str(request_event["UID"])
    assert cancel_event["SEQUENCE"] == request_event["SEQUENCE"] == rich_talkshow.sequence
    assert str(cancel_event["STATUS"]) == "CANCELLED"
    assert strict.events[0].status == "CANCELLED"


def test_no_file_links_anywhere_but_public_pages(db, site, rich_talkshow, make_talkshow):
    """Invites get forwarded and feeds are public: no registration token, no private link."""
    make_talkshow(status=TalkshowStatus.CANCELLED)
    texts = [
        services.talkshow_file("wie-woont-er", site).text,
        services.series_feed(site).text,
        services.theme_feed("samenleven", site).text,
        *(_invite(rich_talkshow, site, method) for method in ("REQUEST", "CANCEL", "PUBLISH")),
    ]
    for text in texts:
        unfolded = text.replace("\r\n ", "")
        assert "/registrations" not in unfolded and "token" not in unfolded.lower()
        for url in re.findall(r"https?://[^\s\\;,]+", unfolded):
            assert re.fullmatch(r"https://talkshows\.example\.org/talkshows/[a-z0-9-]+", url), url


def test_unknown_languages_fall_back_to_dutch(db, site, rich_talkshow):
    for language in ("xx", "", None):
        text = services.invite_ics(
            rich_talkshow, site, attendee_email="a@example.org", attendee_name="A", method="REQUEST", language=language
        )
        assert "Thema: Samenleven in wijken" in str(only_event(parse_both(text)[0])["DESCRIPTION"])


# --- the real change path: the series services bump SEQUENCE and signal before they commit --------


@pytest.fixture
def invites_sent_on_change(db, site):
    """Build an invite inside the series' signals, the way the registration mails do."""
    from talkshow_app.series.signals import talkshow_cancelled, talkshow_rescheduled

    sent: list[str] = []

    def on_rescheduled(talkshow, **_):
        sent.append(_invite(talkshow, site, "REQUEST"))

    def on_cancelled(talkshow, **_):
        sent.append(_invite(talkshow, site, "CANCEL"))

    talkshow_rescheduled.connect(on_rescheduled)
    talkshow_cancelled.connect(on_cancelled)
    yield sent
    talkshow_rescheduled.disconnect(on_rescheduled)
    talkshow_cancelled.disconnect(on_cancelled)


def test_an_organisers_reschedule_and_cancel_reach_the_calendar(
    db, site, rich_talkshow, make_user, make_venue, invites_sent_on_change
):
    from talkshow_app.series import scheduling as series

    organiser = make_user(role="organiser")
    first = only_event(parse_both(_invite(rich_talkshow, site, "REQUEST"))[0])
    new_venue = make_venue(name="Bibliotheek Escamp", address="Dedemsvaartweg 208, 2545 AX Den Haag")
    data = series.TalkshowInput(
        title=rich_talkshow.title,
        theme_id=rich_talkshow.theme_id,
        starts_at=LOCAL_2027_10_31_2000,
        ends_at=LOCAL_2027_10_31_2000 + timedelta(hours=2),
        summary=rich_talkshow.summary,
        venue_id=new_venue.id,
        capacity=rich_talkshow.capacity,
        registration_opens_at=rich_talkshow.registration_opens_at,
        speakers=tuple(series.SpeakerSlot(link.speaker_id, link.part.value) for link in rich_talkshow.speaker_links),
    )
    series.update_talkshow(rich_talkshow.id, data, organiser, allow_conflicts=True)
    series.cancel_talkshow(rich_talkshow.id, organiser)

    moved_text, cancel_text = invites_sent_on_change
    moved, moved_strict = parse_both(moved_text)
    moved_event = only_event(moved)
    assert str(moved_event["UID"]) == str(first["UID"])
    assert moved_event["SEQUENCE"] > first["SEQUENCE"]
    assert moved_event["DTSTART"].dt.astimezone(UTC) == LOCAL_2027_10_31_2000
    assert moved_strict.events[0].location == "Bibliotheek Escamp, Dedemsvaartweg 208, 2545 AX Den Haag"
    assert "- Fatima el Amrani (De Haagse Hogeschool)" in moved_strict.events[0].description

    cancel, cancel_strict = parse_both(cancel_text)
    cancel_event = only_event(cancel)
    assert str(cancel["METHOD"]) == "CANCEL" and str(cancel_event["STATUS"]) == "CANCELLED"
    assert str(cancel_event["UID"]) == str(first["UID"])
    assert cancel_event["SEQUENCE"] > moved_event["SEQUENCE"]
    assert cancel_strict.events[0].status == "CANCELLED"


def test_an_invite_for_a_talkshow_loaded_elsewhere_still_takes_few_queries(
    db, site, rich_talkshow, make_speaker, make_organisation
):
    """The series' change path loads links and speakers but not their organisations."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from talkshow_app.series.models import Talkshow

    def load_like_the_series_does():
        db.session.expire_all()
        return db.session.scalar(
            select(Talkshow)
            .where(Talkshow.id == rich_talkshow.id)
            .options(selectinload(Talkshow.venue), selectinload(Talkshow.speaker_links).selectinload(TalkshowSpeaker.speaker))
        )

    talkshow = load_like_the_series_does()
    with count_queries(db) as three_speakers:
        _invite(talkshow, site, "REQUEST")
    extra = [make_speaker(organisation=make_organisation()) for _ in range(5)]
    for position, speaker in enumerate(extra, start=10):
        rich_talkshow.speaker_links.append(TalkshowSpeaker(speaker=speaker, position=position))
    db.session.commit()
    talkshow = load_like_the_series_does()
    with count_queries(db) as eight_speakers:
        text = _invite(talkshow, site, "REQUEST")
    assert all(f"({speaker.organisation.name})" in text.replace("\r\n ", "") for speaker in extra)
    assert len(eight_speakers) == len(three_speakers) <= 6
