"""Settings: defaults, then the environment (shared/CONTRACT.md), then the caller's overrides.

Every setting a deploy can change is read here and nowhere else, so services never read
``os.environ`` themselves.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEVELOPMENT_SECRET_KEY = "dev-only-change-me"  # nosec B105 - refused in production, see check_production
OSM_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


class ConfigurationError(RuntimeError):
    """The app must not start with this configuration."""


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(value: str | None, default: int) -> int:
    if value is None or value.strip() == "":
        return default
    return int(value)


def build_config(instance_path: str, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    env = os.environ if environ is None else environ
    app_env = env.get("APP_ENV", "development").strip().lower() or "development"
    production = app_env == "production"
    default_db = "sqlite:///" + str(Path(instance_path) / "talkshow.sqlite3")
    return {
        "APP_ENV": app_env,
        "SECRET_KEY": env.get("SECRET_KEY") or DEVELOPMENT_SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": _normalise_database_url(env.get("DATABASE_URL") or default_db),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "PUBLIC_URL": (env.get("PUBLIC_URL") or "http://127.0.0.1:5000").rstrip("/"),
        # Mail (Flask-Mail's own names).
        "MAIL_SERVER": env.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": _int(env.get("MAIL_PORT"), 25),
        "MAIL_USE_TLS": _flag(env.get("MAIL_USE_TLS"), False),
        "MAIL_USE_SSL": _flag(env.get("MAIL_USE_SSL"), False),
        "MAIL_USERNAME": env.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER")
        or "Den Haag Draait Door <talkshows@example.org>",
        "MAIL_TIMEOUT_SECONDS": _int(env.get("MAIL_TIMEOUT_SECONDS"), 10),
        # Rate limits: memory:// counts per worker process; use redis:// with several workers.
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI") or "memory://",
        "RATELIMIT_ENABLED": _flag(env.get("RATELIMIT_ENABLED"), True),
        "RATELIMIT_HEADERS_ENABLED": True,
        "UPLOAD_FOLDER": env.get("UPLOAD_FOLDER") or str(Path(instance_path) / "uploads"),
        "MAP_TILE_URL": env.get("MAP_TILE_URL") or OSM_TILE_URL,
        # Product settings.
        "SERIES_TARGET": _int(env.get("SERIES_TARGET"), 7),
        "PRIVACY_RETENTION_DAYS": _int(env.get("PRIVACY_RETENTION_DAYS"), 90),
        "ARCHIVE_MAX_FILE_BYTES": _int(env.get("ARCHIVE_MAX_FILE_BYTES"), 15 * 1024 * 1024),
        # Four eyes: whoever sent an output to review may not publish it too.
        "ARCHIVE_FOUR_EYES": _flag(env.get("ARCHIVE_FOUR_EYES"), True),
        "MAX_CONTENT_LENGTH": _int(env.get("MAX_CONTENT_LENGTH"), 20 * 1024 * 1024),
        "MAX_FORM_MEMORY_SIZE": 500 * 1024,
        # i18n: Dutch first, English on request.
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "LANGUAGES": ("nl", "en"),
        # Cookies and forms.
        "WTF_CSRF_TIME_LIMIT": 3600 * 8,
        "SESSION_COOKIE_NAME": "dhdd_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_DURATION": timedelta(days=14),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "PREFERRED_URL_SCHEME": "https" if production else "http",
    }


def _normalise_database_url(url: str) -> str:
    """Accept the postgres:// spellings hosting platforms hand out, and use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def harden_for_production(config: dict[str, Any]) -> None:
    """Production means HTTPS: cookies only over TLS, links with https."""
    if config.get("APP_ENV") == "production":
        config["SESSION_COOKIE_SECURE"] = True
        config["REMEMBER_COOKIE_SECURE"] = True
        config["PREFERRED_URL_SCHEME"] = "https"


def check_production(config: Mapping[str, Any]) -> None:
    if config.get("APP_ENV") != "production":
        return
    key = config.get("SECRET_KEY")
    if not key or key == DEVELOPMENT_SECRET_KEY or len(str(key)) < 32:
        raise ConfigurationError(
            "APP_ENV=production needs SECRET_KEY: a random value of at least 32 characters, "
            "not the development key."
        )
