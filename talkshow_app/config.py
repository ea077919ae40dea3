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
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEVELOPMENT_SECRET_KEY = "dev-only-change-me"  # nosec B105 - refused in production, see check_production
OSM_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
PUBLIC_URL_DEFAULT = "http://127.0.0.1:5000"
APP_ENVS = ("development", "production")
MIN_SECRET_KEY_LENGTH = 32
MIN_SECRET_KEY_DISTINCT = 10


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
        "PUBLIC_URL": (env.get("PUBLIC_URL") or PUBLIC_URL_DEFAULT).rstrip("/"),
        # Mail (Flask-Mail's own names).
        "MAIL_SERVER": env.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": _int(env.get("MAIL_PORT"), 25),
        "MAIL_USE_TLS": _flag(env.get("MAIL_USE_TLS"), False),
        "MAIL_USE_SSL": _flag(env.get("MAIL_USE_SSL"), False),
        "MAIL_USERNAME": env.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER") or "Den Haag Draait Door <talkshows@example.org>",
        "MAIL_TIMEOUT_SECONDS": _int(env.get("MAIL_TIMEOUT_SECONDS"), 10),
        # Tries per mail before it is marked failed for good; retries back off (1, 5, 15, 60 min, …).
        "MAIL_MAX_ATTEMPTS": _int(env.get("MAIL_MAX_ATTEMPTS"), 8),
        # true: the web process sends right after each commit; false: it only queues and `flask mail worker` sends.
        "MAIL_SEND_AFTER_REQUEST": _flag(env.get("MAIL_SEND_AFTER_REQUEST"), False),
        # Reverse proxies in front whose X-Forwarded-For / -Proto are believed (werkzeug ProxyFix); 0 = none.
        "TRUSTED_PROXIES": _int(env.get("TRUSTED_PROXIES"), 0),
        "LOG_LEVEL": (env.get("LOG_LEVEL") or "INFO").strip().upper(),
        # Rate limits: memory:// counts per worker process; use redis:// with several workers.
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI") or "memory://",
        "RATELIMIT_ENABLED": _flag(env.get("RATELIMIT_ENABLED"), True),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Public pages for anonymous visitors (talkshow_app/caching.py): in Redis when CACHE_REDIS_URL is set,
        # else in each worker's memory with the content version in a file under the instance folder.
        "PAGE_CACHE_ENABLED": _flag(env.get("PAGE_CACHE_ENABLED"), True),
        "CACHE_REDIS_URL": env.get("CACHE_REDIS_URL") or None,
        "PAGE_CACHE_SECONDS": _int(env.get("PAGE_CACHE_SECONDS"), 60),
        "PAGE_CACHE_MAX_AGE": _int(env.get("PAGE_CACHE_MAX_AGE"), 5),
        "PAGE_CACHE_VERSION_FILE": env.get("PAGE_CACHE_VERSION_FILE") or str(Path(instance_path) / "page-version"),
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
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def harden_for_production(config: dict[str, Any]) -> None:
    """Production means HTTPS: cookies only over TLS, links with https."""
    if config.get("APP_ENV") == "production":
        config["SESSION_COOKIE_SECURE"] = True
        config["REMEMBER_COOKIE_SECURE"] = True
        config["PREFERRED_URL_SCHEME"] = "https"


def rate_limit_storage_warning(config: Mapping[str, Any]) -> str | None:
    """Production with rate limits counted in memory: each worker process counts on its own (a warning, no refusal)."""
    storage = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if config.get("APP_ENV") != "production" or not config.get("RATELIMIT_ENABLED", True):
        return None
    if not storage.startswith("memory://"):
        return None
    return (
        "RATELIMIT_STORAGE_URI is memory:// with APP_ENV=production: every worker process counts rate limits "
        "on its own, so with several workers or instances a visitor gets several times each limit; "
        "point RATELIMIT_STORAGE_URI at Redis (redis://host:6379/0)."
    )


def check_production(config: Mapping[str, Any]) -> None:
    """Refuse to start with settings that are unsafe (production) or mistyped (APP_ENV, any mode)."""
    app_env = config.get("APP_ENV")
    if app_env not in APP_ENVS:
        raise ConfigurationError(
            f"APP_ENV={app_env!r} is not known; use one of: {', '.join(APP_ENVS)} (default development)."
        )
    for name, lowest in (("TRUSTED_PROXIES", 0), ("MAIL_MAX_ATTEMPTS", 1)):
        if name in config and int(config[name]) < lowest:
            raise ConfigurationError(f"{name} must be a whole number of at least {lowest}.")
    if app_env != "production":
        return
    problems = []
    key = str(config.get("SECRET_KEY") or "")
    if not key or key == DEVELOPMENT_SECRET_KEY or len(key) < MIN_SECRET_KEY_LENGTH:
        problems.append(
            f"SECRET_KEY must be a random value of at least {MIN_SECRET_KEY_LENGTH} characters, not the development key"
        )
    elif len(set(key)) < MIN_SECRET_KEY_DISTINCT:
        problems.append(
            f"SECRET_KEY has fewer than {MIN_SECRET_KEY_DISTINCT} different characters; "
            "make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )
    public_url = str(config.get("PUBLIC_URL") or "")
    if urlsplit(public_url).scheme != "https" or not urlsplit(public_url).hostname:
        problems.append(f"PUBLIC_URL must be the site's https:// address (now {public_url or 'unset'!r})")
    if problems:
        raise ConfigurationError("APP_ENV=production refuses to start: " + "; ".join(problems) + ".")
