"""Proposals from outside: the public form, files checked like the board's, the editors' board, the proposer's mails."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from talkshow_app.accounts.models import Role
from talkshow_app.archive import review
from talkshow_app.archive.kinds import OutputState
from talkshow_app.archive.models import KnowledgeOutput
from talkshow_app.mailing.models import OutboxMessage
from talkshow_app.proposals.models import Proposal

from ..security.site_map import count_rows


@pytest.fixture
def app_config(app_config, tmp_path):
    return app_config | {"UPLOAD_FOLDER": str(tmp_path / "uploads")}


def good(show, **changes):
    data = {
        "title": "Buurtmoestuinen in Moerwijk",
        "kind": "publication",
        "summary": "Een studentenproject over moestuinen en eenzaamheid.",
        "link": "https://video.example.org/moestuinen",
        "talkshow": str(show.id),
        "lab": "",
        "question": "",
        "name": "Yara Bakker",
        "email": "yara.bakker@example.org",
        "consent": "y",
    }
    return data | changes


def mails(template: str) -> list[OutboxMessage]:
    return list(OutboxMessage.query.session.scalars(select(OutboxMessage).where(OutboxMessage.template == template)))


def test_the_archive_links_the_form_and_a_proposal_becomes_a_draft_marked_on_the_board(
    client, db, make_talkshow, make_user, login
):
    talkshow = make_talkshow(title="Samen tuinieren")
    assert "/archive/propose" in client.get("/archive").get_data(as_text=True)
    form = client.get("/archive/propose")
    assert form.status_code == 200 and "Samen tuinieren" in form.get_data(as_text=True)
    response = client.post("/archive/propose", data=good(talkshow))
    assert response.status_code == 303
    output = db.session.scalars(select(KnowledgeOutput)).one()
    assert output.state == OutputState.DRAFT and [t.id for t in output.talkshows] == [talkshow.id]
    assert output.media_url == "https://video.example.org/moestuinen"
    proposal = db.session.scalars(select(Proposal)).one()
    assert (proposal.output_id, proposal.proposer_email) == (output.id, "yara.bakker@example.org")
    [receipt] = mails("proposals/email/receipt")
    assert receipt.to_address == "yara.bakker@example.org"
    # Not public while a draft; the address is never on a public page.
    assert client.get(f"/archive/{output.slug}").status_code == 404
    assert "yara.bakker" not in client.get("/archive").get_data(as_text=True)
    login(make_user(Role.EDITOR))
    board = client.get("/organiser/archive").get_data(as_text=True)
    assert "Buurtmoestuinen in Moerwijk" in board and "Voorstel van buiten" in board
    assert "yara.bakker" not in board


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"talkshow": ""}, "minstens één"),
        ({"email": "geen-adres"}, "geldig e-mailadres"),
        ({"consent": ""}, "privacyverklaring"),
        ({"link": ""}, "link of voeg een bestand toe"),
        ({"link": "javascript:alert(1)"}, "https://"),
        ({"title": "  "}, "titel"),
        ({"kind": "poster-of-iets"}, "soort"),
        ({"talkshow": "999999"}, "bestaan niet meer"),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(app, client, make_talkshow, changes, message):
    talkshow = make_talkshow()
    before = count_rows(app)
    response = client.post("/archive/propose", data=good(talkshow, **changes))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count_rows(app) == before


def test_a_file_is_checked_as_the_archive_checks_uploads(app, client, db, make_talkshow):
    talkshow = make_talkshow()
    before = count_rows(app)
    fake = (io.BytesIO(b"<html>niet echt een pdf</html>"), "verslag.pdf")
    response = client.post(
        "/archive/propose", data=good(talkshow, link="", file=fake), content_type="multipart/form-data"
    )
    assert response.status_code == 400 and "niet echt een PDF" in response.get_data(as_text=True)
    assert count_rows(app) == before
    real = (io.BytesIO(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"), "verslag.pdf")
    response = client.post(
        "/archive/propose", data=good(talkshow, link="", file=real), content_type="multipart/form-data"
    )
    assert response.status_code == 303
    output = db.session.scalars(select(KnowledgeOutput)).one()
    assert [f.original_name for f in output.files] == ["verslag.pdf"]


def test_the_proposer_hears_when_it_is_sent_back_and_when_it_is_published(app, client, db, make_talkshow, make_user):
    talkshow = make_talkshow()
    client.post("/archive/propose", data=good(talkshow))
    output = db.session.scalars(select(KnowledgeOutput)).one()
    first, second = make_user(Role.EDITOR), make_user(Role.EDITOR)
    with app.test_request_context("/"):
        review.transition(output.id, "submit", first)
        review.transition(output.id, "return", second, comment="Voeg een korte samenvatting van de resultaten toe.")
    [returned] = mails("proposals/email/returned")
    assert returned.to_address == "yara.bakker@example.org"
    assert returned.context["reason"] == "Voeg een korte samenvatting van de resultaten toe."
    with app.test_request_context("/"):
        review.transition(output.id, "submit", first)
        review.transition(output.id, "publish", second)
    [published] = mails("proposals/email/published")
    assert published.to_address == "yara.bakker@example.org" and published.context["slug"] == output.slug
    db.session.expire_all()
    proposal = db.session.scalars(select(Proposal)).one()
    assert proposal.proposer_email == "" and proposal.proposer_name == "" and proposal.erased_at is not None
    assert runner_flush(app)
    db.session.expire_all()
    sent = db.session.get(OutboxMessage, published.id)
    assert f"https://talkshows.example.org/archive/{output.slug}" in sent.text_body


def runner_flush(app) -> bool:
    result = app.test_cli_runner().invoke(args=["mail", "flush"])
    return result.exit_code == 0


def test_the_privacy_purge_forgets_old_proposers(app, client, db, make_talkshow, runner):
    client.post("/archive/propose", data=good(make_talkshow()))
    proposal = db.session.scalars(select(Proposal)).one()
    proposal.created_at = datetime.now(UTC) - timedelta(days=400)
    db.session.commit()
    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert "1 archive proposers forgotten" in result.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Proposal).where(Proposal.proposer_email != "")) == 0


class TestRateLimit:
    @pytest.fixture
    def app_config(self, app_config):
        return app_config | {"RATELIMIT_ENABLED": True}

    def test_proposing_is_rate_limited(self, client, make_talkshow):
        talkshow = make_talkshow()
        codes = [client.post("/archive/propose", data=good(talkshow, consent="")).status_code for _ in range(6)]
        assert codes == [400] * 5 + [429]
        assert client.get("/archive/propose").status_code == 200, "reading the form is never limited"
