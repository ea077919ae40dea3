"""The retry schedule and which SMTP errors are worth another try (pure functions)."""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime, timedelta

import pytest

from talkshow_app.mailing.retry import describe, is_permanent, next_attempt, retry_delay

NOW = datetime(2027, 3, 11, 12, 0, tzinfo=UTC)


def test_the_delay_grows_then_stays_at_its_longest():
    minutes = [retry_delay(tries) / timedelta(minutes=1) for tries in range(1, 10)]
    assert minutes[:4] == [1, 5, 15, 60]
    assert minutes == sorted(minutes) and minutes[-1] == minutes[-2] <= 24 * 60


def test_after_the_last_try_there_is_no_next_one():
    assert next_attempt(1, 8, NOW) == NOW + timedelta(minutes=1)
    assert next_attempt(7, 8, NOW) == NOW + retry_delay(7)
    assert next_attempt(8, 8, NOW) is None
    assert next_attempt(1, 1, NOW) is None


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"No such mailbox")}), True),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"Greylisted, try later")}), False),
        (smtplib.SMTPSenderRefused(553, b"Sender not allowed", "x@example.org"), True),
        (smtplib.SMTPDataError(554, b"Rejected as spam"), True),
        (smtplib.SMTPDataError(451, b"Local error"), False),
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), False),
        (ConnectionRefusedError(111, "Connection refused"), False),
        (TimeoutError("timed out"), False),
    ],
)
def test_only_a_5xx_answer_about_the_message_is_permanent(error, permanent):
    assert is_permanent(error) is permanent


def test_the_reason_is_one_line_with_the_kind_of_error():
    reason = describe(smtplib.SMTPDataError(554, b"line one\r\nline two"))
    assert reason.startswith("SMTPDataError: ") and "\n" not in reason and "554" in reason
    assert len(describe(OSError("x" * 5000))) == 1000
