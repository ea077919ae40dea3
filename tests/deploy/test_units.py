"""The systemd units, timers and the Procfile start what the README says, with the settings file."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SYSTEMD = ROOT / "deploy" / "systemd"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string((SYSTEMD / name).read_text())
    return parser


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("talkshow-web.service", "gunicorn -c deploy/gunicorn.conf.py wsgi:app"),
        ("talkshow-mail-worker.service", "flask --app wsgi mail worker"),
        ("talkshow-reminders.service", "flask --app wsgi reminders send"),
        ("talkshow-purge.service", "flask --app wsgi privacy purge"),
        ("talkshow-evaluations.service", "flask --app wsgi impact evaluations"),
        ("talkshow-rescore.service", "flask --app wsgi matching rescore"),
        ("talkshow-classes.service", "flask --app wsgi classes release"),
    ],
)
def test_each_service_runs_its_command_with_the_settings_file(name, command):
    service = unit(name)["Service"]
    assert service["ExecStart"].endswith(command)
    assert service["EnvironmentFile"] == "/etc/talkshow/talkshow.env"
    assert service["User"] == "talkshow" and service["WorkingDirectory"] == "/srv/talkshow"


def test_the_worker_stops_on_sigterm_and_comes_back():
    service = unit("talkshow-mail-worker.service")["Service"]
    assert service["KillSignal"] == "SIGTERM" and service["Restart"] == "always"


@pytest.mark.parametrize(
    ("name", "when"),
    [
        ("talkshow-reminders.timer", "hourly"),
        ("talkshow-purge.timer", "03:30"),
        ("talkshow-evaluations.timer", "10:00"),
        ("talkshow-rescore.timer", "04:15"),
        ("talkshow-classes.timer", "hourly"),
    ],
)
def test_timers_start_their_service(name, when):
    timer = unit(name)
    assert when in timer["Timer"]["OnCalendar"]
    assert timer["Timer"]["Unit"] == name.replace(".timer", ".service")
    assert timer["Install"]["WantedBy"] == "timers.target"
    analyze = shutil.which("systemd-analyze")
    if analyze:
        result = subprocess.run(
            [analyze, "calendar", timer["Timer"]["OnCalendar"]],  # nosec B603
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert result.returncode == 0, result.stderr


def test_the_procfile_runs_the_web_app_and_the_worker():
    lines = dict(line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line.strip())
    assert lines["web"] == "gunicorn -c deploy/gunicorn.conf.py wsgi:app"
    assert lines["worker"].startswith("flask") and lines["worker"].endswith("mail worker")
