"""The outbox page's one-button form: a CSRF token for "retry now"."""

from __future__ import annotations

from flask_wtf import FlaskForm


class RetryForm(FlaskForm):
    """No fields besides the CSRF token."""
