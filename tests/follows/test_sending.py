"""From a publish to follow mails: one event per publish, one mail per follower, grouping, digests, purge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import event, func, select, update

from talkshow_app.archive import review
from talkshow_app.extensions import db as _db
from talkshow_app.follows import sending
from talkshow_app.follows.models import Follower, FollowItem, PublicationEvent
from talkshow_app.mailing.models import OutboxMessage
from talkshow_app.series.models import TalkshowStatus

from .conftest import MORNING, SITE, send

DIGEST = "follows/email/digest"


def _digests(db, to: str | None = None) -> list[OutboxMessage]:
    db.session.rollback()
    query = select(OutboxMessage).where(OutboxMessage.template == DIGEST).order_by(OutboxMessage.id)
    if to:
        query = query.where(OutboxMessage.to_address == to)
    return list(db.session.scalars(query))


def _publish(db, make_talkshow, at, **fields):
    """A draft talkshow published (the event dated ``at``)."""
    talkshow = make_talkshow(status=TalkshowStatus.DRAFT, **fields)
    talkshow.status = TalkshowStatus.PUBLISHED
    db.session.commit()
    db.session.execute(update(PublicationEvent).where(PublicationEvent.subject_id == talkshow.id).values(created_at=at))
    db.session.commit()
    return talkshow


def test_one_mail_per_publish_per_follower_whatever_they_follow(
    app, db, smtp, make_follower, make_theme, make_talkshow, make_speaker, make_lab
):
    theme = make_theme(slug="zorg")
    lab = make_lab(stadsdeel="Laak")
    speaker = make_speaker()
    speaker.labs.append(lab)
    db.session.commit()
    make_follower("beide@example.org", themes=["zorg"], stadsdelen=["laak"])
    make_follower("alles@example.org")
    make_follower("wijk@example.org", stadsdelen=["laak"])
    make_follower("anders@example.org", stadsdelen=["escamp"])
    talkshow = _publish(db, make_talkshow, MORNING, theme=theme, speakers=[(speaker, "guest")], title="Zorg in Laak")
    # taken back and published again within the hour, and edited: still one publication to tell
    talkshow.status = TalkshowStatus.DRAFT
    db.session.commit()
    talkshow.status = TalkshowStatus.PUBLISHED
    talkshow.title = "Zorg in Laak (nieuwe tijd)"
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(PublicationEvent)) == 2
    send(MORNING + timedelta(minutes=30))
    assert _digests(db) == []  # within the hour of grace
    send(MORNING + timedelta(hours=2))
    send(MORNING + timedelta(hours=3))
    for address in ("beide@example.org", "alles@example.org", "wijk@example.org"):
        (mail,) = [m for m in smtp.inbox.to(address) if "Bevestig" not in m["Subject"]]
        assert mail["Subject"] == "Nieuw: Zorg in Laak (nieuwe tijd)"
        assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert all("Bevestig" in mail["Subject"] for mail in smtp.inbox.to("anders@example.org"))


def test_mail_links_lead_to_the_followers_page_and_unsubscribe(app, db, smtp, make_follower, make_talkshow):
    follower, token = make_follower()
    _publish(db, make_talkshow, MORNING)
    send(MORNING + timedelta(hours=2))
    (mail,) = [m for m in smtp.inbox.to("lotte@example.org") if m["Subject"].startswith("Nieuw")]
    text = mail.get_body(("plain",)).get_content()
    assert f"{SITE.public_url}/follow/{token}" in text and f"{SITE.public_url}/follow/unsubscribe/{token}" in text
    assert mail["List-Unsubscribe"] == f"<{SITE.public_url}/follow/unsubscribe/{token}>"


def test_several_publications_on_one_day_are_one_mail(app, db, smtp, make_follower, make_talkshow):
    make_follower()
    for hour in (0, 1, 2):
        _publish(db, make_talkshow, MORNING + timedelta(hours=hour), title=f"Avond {hour}")
    send(MORNING + timedelta(hours=3, minutes=30))
    (digest,) = _digests(db)
    assert len(digest.context["items"]) == 3
    _publish(db, make_talkshow, MORNING + timedelta(hours=4), title="Later die dag")
    send(MORNING + timedelta(hours=8))
    assert len(_digests(db)) == 1  # at most one mail a day
    send(MORNING + timedelta(days=1))
    assert len(_digests(db)) == 2
    assert "Later die dag" in smtp.inbox.to("lotte@example.org")[-1]["Subject"]


def test_weekly_followers_get_one_digest_a_week(app, db, make_follower, make_talkshow):
    make_follower(frequency=sending.Frequency.WEEKLY)
    for day in (0, 2, 4):
        _publish(db, make_talkshow, MORNING + timedelta(days=day))
        send(MORNING + timedelta(days=day, hours=2))
    assert _digests(db) == []
    send(MORNING + timedelta(days=7))
    (digest,) = _digests(db)
    assert len(digest.context["items"]) == 3 and digest.context["weekly"] is True
    _publish(db, make_talkshow, MORNING + timedelta(days=8))
    send(MORNING + timedelta(days=10))
    assert len(_digests(db)) == 1
    send(MORNING + timedelta(days=14))
    assert len(_digests(db)) == 2


def test_a_talkshow_taken_back_before_the_mail_is_not_mailed(app, db, make_follower, make_talkshow):
    make_follower()
    talkshow = _publish(db, make_talkshow, MORNING)
    talkshow.status = TalkshowStatus.DRAFT
    db.session.commit()
    send(MORNING + timedelta(hours=2))
    assert _digests(db) == []


def test_an_output_published_by_an_editor_reaches_followers_of_its_theme(app, db, make_follower, make_theme, make_user):
    from talkshow_app.accounts.models import Role
    from talkshow_app.archive import editing, inputs
    from talkshow_app.archive.kinds import OutputType

    theme = make_theme(slug="energie")
    make_follower(themes=["energie"])
    make_follower("ander@example.org", themes=[make_theme(slug="water").slug])
    author, publisher = make_user(role=Role.EDITOR), make_user(role=Role.EDITOR)
    storage = inputs.Storage.from_config(app.config)
    output = editing.create_output(
        inputs.OutputDraft(
            title="Energiearmoede in Moerwijk", output_type=OutputType.REPORT, abstract="Verslag.", theme_ids=[theme.id]
        ),
        author,
        storage,
    )
    review.transition(output.id, "submit", author)
    review.transition(output.id, "publish", publisher)
    send(MORNING.replace(year=2030))
    (digest,) = _digests(db)
    assert digest.to_address == "lotte@example.org" and digest.context["items"] == [["output", output.id]]


def test_publishing_to_thousands_of_followers_costs_the_same_statements(
    app, db, client, make_user, login, make_talkshow, make_theme
):
    theme = make_theme(slug="stad")
    organiser = make_user()
    login(organiser)

    def statements_to_publish() -> int:
        talkshow = make_talkshow(theme=theme, status=TalkshowStatus.DRAFT)
        db.session.commit()
        count = 0

        def counter(*_args):
            nonlocal count
            count += 1

        engine = _db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            response = client.post(f"/organiser/talkshows/{talkshow.id}/publish")
        finally:
            event.remove(engine, "before_cursor_execute", counter)
        assert response.status_code in (302, 303)
        return count

    without = statements_to_publish()
    db.session.execute(
        Follower.__table__.insert(),
        [
            {
                "email": f"volger{i}@example.org",
                "language": "nl",
                "link_key": f"{i:064x}",
                "token_hash": f"{i:064x}",
                "everything": True,
                "frequency": "direct",
                "created_at": MORNING,
                "confirmed_at": MORNING,
            }
            for i in range(5000)
        ],
    )
    db.session.commit()
    with_followers = statements_to_publish()
    assert with_followers == without
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0  # nothing fanned out yet
    result = sending.run(SITE, app.config["SECRET_KEY"], now=MORNING.replace(year=2030))
    assert result.events == 2 and result.items == 10000 and result.mails == 500  # a batch per run
    assert db.session.scalar(select(func.count()).select_from(FollowItem)) == 10000


def test_purge_removes_unconfirmed_after_a_week_and_confirmed_after_a_year(app, db, runner, make_follower):
    now = datetime.now(UTC)
    old_unconfirmed, _ = make_follower("oud@example.org", confirmed=False, created_at=now - timedelta(days=8))
    make_follower("nieuw@example.org", confirmed=False, created_at=now - timedelta(days=6))
    make_follower("verlopen@example.org", confirmed_at=now - timedelta(days=366))
    _renewed, token = make_follower("verlengd@example.org", confirmed_at=now - timedelta(days=366))
    from talkshow_app.follows import subscribing

    subscribing.confirm(token)  # renewed
    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert "1 unconfirmed and 1 expired follows deleted" in result.output
    db.session.rollback()
    left = set(db.session.scalars(select(Follower.email)))
    assert left == {"nieuw@example.org", "verlengd@example.org"}
    assert old_unconfirmed.email == "oud@example.org"
