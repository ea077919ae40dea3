"""The season timeline (/talkshows and the board) and the board's readiness summary: a count, a bar, details."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from talkshow_app.accounts.models import Role
from talkshow_app.registrations.models import Registration, RegistrationStatus
from talkshow_app.registrations.tokens import new_checkin_code, new_token, token_hash
from talkshow_app.series.models import TalkshowStatus
from talkshow_app.series.timeline import Axis, TimelineItem, lanes, season_of, timeline_svg

MONTHS = ["sep", "okt", "nov", "dec", "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug"]


def item(day: date, colour: str = "#aa3300", filled: int = 10, label: str = "Talkshow") -> TimelineItem:
    return TimelineItem(day, "Wonen", colour, 40, filled, label)


def marks(svg: str) -> list[str]:
    return re.findall(r'<g class="timeline-mark".*?</g>', svg, re.S)


def test_one_mark_per_talkshow_in_its_theme_colour_with_its_story_as_title():
    items = [
        item(date(2026, 10, 8), "#AA3300", label="Wie kent zijn buren nog?, 8 oktober 2026: 10 van 40 plaatsen bezet"),
        TimelineItem(date(2027, 3, 11), "Onderwijs", "#2e7d4f", 120, 120, "De kansenkloof <klas>"),
    ]
    svg = str(timeline_svg("t", "Het seizoen 2026–2027", "Eén staaf per talkshow", Axis(2026, MONTHS), items))
    assert svg.startswith('<svg class="timeline-chart"') and 'role="img"' in svg
    assert 'aria-labelledby="t-title t-desc"' in svg and '<title id="t-title">Het seizoen 2026–2027</title>' in svg
    assert '<desc id="t-desc">' in svg
    found = marks(svg)
    assert len(found) == 2
    assert 'data-colour="#aa3300"' in found[0] and 'fill="#aa3300"' in found[0]
    assert "<title>Wie kent zijn buren nog?, 8 oktober 2026: 10 van 40 plaatsen bezet</title>" in found[0]
    assert "<title>De kansenkloof &lt;klas&gt;</title>" in found[1] and 'fill="#2e7d4f"' in found[1]
    # the legend names each theme once, in its colour
    assert svg.count(">Wonen</text>") == 1 and svg.count(">Onderwijs</text>") == 1


def test_the_filled_part_is_the_share_of_seats_taken_and_empty_draws_no_fill():
    full, empty = (
        marks(str(timeline_svg("t", "t", "d", Axis(2026, MONTHS), [item(date(2026, 10, 1), filled=n)])))[0]
        for n in (40, 0)
    )
    heights = [float(h) for h in re.findall(r'height="([\d.]+)"', full)]
    assert heights[0] == heights[1]  # 40 of 40: filled to the top
    assert len(re.findall(r"<rect", empty)) == 1  # only the outline


def test_a_bad_colour_never_reaches_the_markup():
    svg = str(timeline_svg("t", "t", "d", Axis(2026, MONTHS), [item(date(2026, 10, 1), colour='red" onload="x')]))
    assert "onload" not in svg and 'fill="#1d4f91"' in svg


def test_talkshows_too_close_together_go_to_a_second_lane():
    close = [item(date(2026, 10, 1)), item(date(2026, 10, 2)), item(date(2026, 10, 20))]
    assert lanes(close, 2026) == [0, 1, 0]
    two_lanes = str(timeline_svg("t", "t", "d", Axis(2026, MONTHS), close))
    one_lane = str(timeline_svg("t", "t", "d", Axis(2026, MONTHS), close[::2]))
    height = re.compile(r'viewBox="0 0 320 (\d+)"')
    assert int(height.search(two_lanes).group(1)) > int(height.search(one_lane).group(1))


def test_today_is_marked_only_inside_the_season():
    inside = str(timeline_svg("t", "t", "d", Axis(2026, MONTHS, date(2026, 12, 1)), [item(date(2026, 10, 1))]))
    outside = str(timeline_svg("t", "t", "d", Axis(2026, MONTHS, date(2027, 9, 2)), [item(date(2026, 10, 1))]))
    assert "timeline-today" in inside and "timeline-today" not in outside
    assert season_of(date(2026, 9, 1)) == 2026 and season_of(date(2027, 8, 31)) == 2026


def seat(db, talkshow, n: int) -> None:
    email = f"gast{n}@example.org"
    db.session.add(
        Registration(
            talkshow_id=talkshow.id,
            name=f"Gast {n}",
            email=email,
            email_key=email,
            status=RegistrationStatus.CONFIRMED,
            token_hash=token_hash(new_token()),
            checkin_code=new_checkin_code(),
        )
    )
    db.session.commit()


def test_talkshows_page_shows_the_season_with_a_text_alternative(client, db, make_talkshow, make_theme):
    now = datetime.now(UTC).replace(microsecond=0)
    theme = make_theme(name="Wonen", colour="#b3541e")
    soon = make_talkshow(title="Buren", theme=theme, capacity=40, starts_at=now + timedelta(hours=1))
    make_talkshow(title="Afgelast", theme=theme, status=TalkshowStatus.CANCELLED, starts_at=now + timedelta(hours=2))
    held = make_talkshow(title="Gisteravond", theme=theme, capacity=40, starts_at=now - timedelta(hours=3))
    for n in range(3):
        seat(db, soon, n)
        seat(db, held, n)
    page = client.get("/talkshows").get_data(as_text=True)
    svg = re.search(r'<svg class="timeline-chart".*?</svg>', page, re.S).group(0)
    found = marks(svg)
    assert len(found) == 2 and all('data-colour="#b3541e"' in mark for mark in found)  # cancelled: left out
    upcoming = next(mark for mark in found if "Buren" in mark)
    assert "3 van 40 plaatsen bezet" in upcoming
    # a talkshow already held shows no count of people in public (/impact would hide 3): a dashed, empty bar
    past = next(mark for mark in found if "Gisteravond" in mark)
    assert "plaatsen" not in past and "afgelopen" in past and "stroke-dasharray" in past
    listed = page.split('class="timeline-list"')[1].split("</ol>")[0]
    assert "Buren" in listed and "3 van 40 plaatsen bezet" in listed and "Afgelast" not in listed
    assert "Gisteravond" in listed and listed.count("plaatsen bezet") == 1
    assert "css/timeline.css" in page


def test_the_board_sums_up_readiness_with_a_count_a_bar_and_details(client, login, make_user, make_talkshow):
    make_talkshow(title="Half klaar", starts_at=datetime.now(UTC) + timedelta(hours=3))
    login(make_user(role=Role.ORGANISER))
    page = client.get("/organiser/").get_data(as_text=True)
    row = page.split('class="table board-table"')[1].split("Half klaar</a>")[1].split("</tr>")[0]
    count = re.search(r'<p class="readiness-count">(\d+) van 7 klaar</p>', row)
    assert count
    bar = re.search(r'<svg class="readiness-bar" role="img" aria-label="([^"]+)"', row)
    assert bar and bar.group(1) == f"Gereedheid: {count.group(1)} van 7 klaar"
    details = row.split("<details")[1].split("</details>")[0]
    assert details.count("<li") == 7  # the seven checks, on demand
    assert row.count("<li") == 7  # and not a second time outside the details
    assert 'class="timeline-chart"' in page and "Half klaar" in page.split('class="timeline-list"')[1]


def test_the_board_shows_organisers_the_seats_of_talkshows_already_held(client, db, login, make_user, make_talkshow):
    held = make_talkshow(title="Gisteravond", capacity=40, starts_at=datetime.now(UTC) - timedelta(hours=3))
    seat(db, held, 1)
    login(make_user(role=Role.ORGANISER))
    page = client.get("/organiser/").get_data(as_text=True)
    assert "1 van 40 plaatsen bezet" in page.split('class="timeline-list"')[1]
