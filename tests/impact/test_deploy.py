"""Production sends the evaluation mails: a systemd timer runs ``flask impact evaluations`` every day."""
from __future__ import annotations

from tests.deploy.test_units import ROOT, unit


def test_a_daily_timer_queues_the_evaluation_mails():
    service = unit("talkshow-evaluations.service")["Service"]
    assert service["ExecStart"].endswith("flask --app wsgi impact evaluations")
    assert service["EnvironmentFile"] == "/etc/talkshow/talkshow.env" and service["User"] == "talkshow"
    timer = unit("talkshow-evaluations.timer")
    assert timer["Timer"]["Unit"] == "talkshow-evaluations.service" and "10:00" in timer["Timer"]["OnCalendar"]
    assert "talkshow-evaluations.timer" in (ROOT / "README.md").read_text()
