"""``flask follows send | purge``, the mail worker's round, and the rate limit on the form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from talkshow_app.follows.models import Follower, PublicationEvent
from talkshow_app.mailing.models import OutboxMessage
from talkshow_app.mailing.worker import Worker
from talkshow_app.series.models import TalkshowStatus

from .conftest import SITE


def _published_an_hour_ago(db, make_talkshow) -> None:
    talkshow = make_talkshow(status=TalkshowStatus.DRAFT, title="Samen de wijk in")
    talkshow.status = TalkshowStatus.PUBLISHED
    db.session.commit()
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1, minutes=5)
    db.session.execute(update(PublicationEvent).values(created_at=an_hour_ago))
    db.session.commit()


def test_flask_follows_send_queues_the_due_mails(app, db, runner, make_follower, make_talkshow):
    make_follower(confirmed_at=datetime.now(UTC) - timedelta(days=1))
    _published_an_hour_ago(db, make_talkshow)
    result = runner.invoke(args=["follows", "send"])
    assert result.exit_code == 0, result.output
    assert "1 publications, 1 followers told, 1 mails queued." in result.output
    assert "0 publications" in runner.invoke(args=["follows", "send"]).output  # nothing twice


def test_the_mail_worker_fans_out_and_delivers_in_its_round(app, db, smtp, make_follower, make_talkshow):
    app.config["FOLLOW_SEND_INTERVAL"] = 0.01
    make_follower(confirmed_at=datetime.now(UTC) - timedelta(days=1))
    _published_an_hour_ago(db, make_talkshow)
    db.session.remove()
    Worker(SITE, poll_seconds=0.05).run(once=True)
    subjects = [mail["Subject"] for mail in smtp.inbox.to("lotte@example.org")]
    assert "Nieuw: Samen de wijk in" in subjects


def test_flask_follows_purge_deletes_stale_unconfirmed_follows(app, db, runner, make_follower):
    make_follower(confirmed=False, created_at=datetime.now(UTC) - timedelta(days=8))
    result = runner.invoke(args=["follows", "purge"])
    assert "1 unconfirmed and 0 expired follows deleted." in result.output
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Follower)) == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0  # its queued mail went too


class TestRateLimit:
    @pytest.fixture
    def app_config(self, app_config: dict[str, Any]) -> dict[str, Any]:
        return {**app_config, "RATELIMIT_ENABLED": True}

    def test_the_follow_form_is_rate_limited(self, client):
        answers = [
            client.post("/follow", data={"email": f"p{i}@example.org", "consent": "y"}).status_code for i in range(11)
        ]
        assert answers[:10] == [303] * 10 and answers[10] == 429
