"""When to try a mail again after a failed delivery: a growing delay, then give up (no Flask, no database)."""

from __future__ import annotations

import smtplib
from datetime import datetime, timedelta

# Minutes to wait after the 1st, 2nd, 3rd … failed try; the last step repeats.
BACKOFF_MINUTES = (1, 5, 15, 60, 180, 360, 720)


def retry_delay(failed_tries: int) -> timedelta:
    """The wait after ``failed_tries`` failed tries (1 → 1 minute, 2 → 5, 3 → 15, 4 → 60 …)."""
    step = min(max(failed_tries, 1), len(BACKOFF_MINUTES)) - 1
    return timedelta(minutes=BACKOFF_MINUTES[step])


def next_attempt(failed_tries: int, max_attempts: int, now: datetime) -> datetime | None:
    """When to try again after ``failed_tries`` failed tries, or None: out of tries, fail for good."""
    if failed_tries >= max_attempts:
        return None
    return now + retry_delay(failed_tries)


def is_permanent(error: BaseException) -> bool:
    """A 5xx answer to this one message (address or content refused): trying again will not help.

    Anything else (the server is unreachable, answers 4xx, breaks off) may pass later.
    """
    permanent_kinds = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)
    if not isinstance(error, permanent_kinds):
        return False
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def describe(error: BaseException) -> str:
    """One line saying why a delivery failed (the error's kind and the server's words), at most 1000 characters."""
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}"[:1000]
