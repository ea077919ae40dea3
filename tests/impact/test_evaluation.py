"""The evaluation after a talkshow: one mail per checked-in attendee, one anonymous answer, bad input refused."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from talkshow_app.extensions import db as _db
from talkshow_app.impact.evaluations import queue_evaluations
from talkshow_app.impact.models import EvaluationAnswer, EvaluationInvitation
from talkshow_app.mailing.models import OutboxMessage
from talkshow_app.site import current_site


def answers() -> list[EvaluationAnswer]:
    return list(_db.session.scalars(select(EvaluationAnswer).order_by(EvaluationAnswer.id)))


def evaluation_mails() -> list[OutboxMessage]:
    return list(_db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "impact/email/evaluation")))


def test_checked_in_attendees_get_one_evaluation_mail_once(app, city, runner):
    result = runner.invoke(args=["impact", "evaluations"])
    assert result.exit_code == 0, result.output
    # Checked in at the two talkshows of the last days (8 + 6); the talkshow of 400 days ago, people who did not
    # come, the waiting list and the cancelled talkshow get nothing.
    assert "14 evaluation mails queued." in result.output
    assert runner.invoke(args=["impact", "evaluations"]).output.strip() == "0 evaluation mails queued."
    mails = evaluation_mails()
    assert len(mails) == 14 and len({m.registration_id for m in mails}) == 14
    assert _db.session.scalar(select(func.count()).select_from(EvaluationInvitation)) == 14
    with app.test_request_context():
        assert queue_evaluations(current_site()) == 0
    assert runner.invoke(args=["mail", "flush"]).exit_code == 0
    _db.session.expire_all()
    mail = evaluation_mails()[0]
    assert mail.status.value == "sent"
    token = mail.context["token"]
    assert f"https://talkshows.example.org/registrations/{token}/evaluation" in mail.text_body
    assert "twee korte vragen" in mail.text_body


def test_the_mailed_link_opens_the_form_and_an_answer_is_stored_once_without_a_name(client, city, runner):
    runner.invoke(args=["impact", "evaluations"])
    mail = next(m for m in evaluation_mails() if m.context["talkshow_id"] == city.held_a.id)
    token = mail.context["token"]
    page = client.get(f"/registrations/{token}/evaluation")
    assert page.status_code == 200 and 'name="score"' in page.get_data(as_text=True)
    before = len(answers())
    response = client.post(f"/registrations/{token}/evaluation", data={"score": "4", "action": "Een stage aanbieden."})
    assert response.status_code == 303
    stored = answers()[before:]
    assert [(a.talkshow_id, a.score, a.action) for a in stored] == [(city.held_a.id, 4, "Een stage aanbieden.")]
    assert not hasattr(stored[0], "registration_id")  # linked to the talkshow only
    again = client.post(f"/registrations/{token}/evaluation", data={"score": "5", "action": ""})
    assert again.status_code == 400
    assert "al geantwoord" in again.get_data(as_text=True)
    assert len(answers()) == before + 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"score": "0"}, "Kies een cijfer van 1 tot en met 5."),
        ({"score": "6"}, "Kies een cijfer van 1 tot en met 5."),
        ({}, "Kies een cijfer van 1 tot en met 5."),
        ({"score": "abc"}, "Kies een cijfer van 1 tot en met 5."),
        ({"score": "3", "action": "x" * 1001}, "1000"),
    ],
)
def test_bad_input_gets_a_message_and_stores_nothing(client, city, data, message):
    token = city.tokens["a-student"]  # checked in: may answer from the personal page without the mail
    before = (len(answers()), _db.session.scalar(select(func.count()).select_from(EvaluationInvitation)))
    response = client.post(f"/registrations/{token}/evaluation", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert (len(answers()), _db.session.scalar(select(func.count()).select_from(EvaluationInvitation))) == before


def test_only_people_who_came_can_answer_and_only_afterwards(client, city):
    absent = client.get(f"/registrations/{city.tokens['a-not-checked-in']}/evaluation").get_data(as_text=True)
    assert "aangemeld bij de deur" in absent and 'name="score"' not in absent
    early = client.get(f"/registrations/{city.tokens['upcoming']}/evaluation").get_data(as_text=True)
    assert "na de talkshow" in early
    before = len(answers())
    for key in ("a-not-checked-in", "upcoming"):
        assert client.post(f"/registrations/{city.tokens[key]}/evaluation", data={"score": "5"}).status_code == 400
    assert len(answers()) == before
    assert client.get("/registrations/onbekende-link/evaluation").status_code == 404


def test_the_personal_page_links_the_evaluation_after_the_talkshow(client, city):
    came = client.get(f"/registrations/{city.tokens['a-student']}").get_data(as_text=True)
    assert f"/registrations/{city.tokens['a-student']}/evaluation" in came
    absent = client.get(f"/registrations/{city.tokens['a-not-checked-in']}").get_data(as_text=True)
    assert "/evaluation" not in absent


def test_answers_feed_the_average_once_five_people_answered(client, city, now):
    # Zorg has 3 answers: "< 5 answers"; two more checked-in attendees answer and the average appears.
    from talkshow_app.registrations.models import Registration
    from talkshow_app.registrations.tokens import rotate_token

    people = list(_db.session.scalars(select(Registration).where(Registration.talkshow_id == city.held_b.id).limit(2)))
    tokens = [rotate_token(p) for p in people]
    _db.session.commit()
    for token in tokens:
        assert client.post(f"/registrations/{token}/evaluation", data={"score": "4"}).status_code == 303
    body = client.get("/api/impact").get_json()
    zorg = next(t for t in body["talkshows"] if t["slug"] == "zorg-eergisteren")
    assert zorg["evaluation"] == {"answers": 5, "average_score": 2.8}  # (1 + 2 + 3 + 4 + 4) / 5
