"""Configuration read from environment variables, with safe local defaults."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


class Config:
    """Production-safe defaults; every setting can be overridden by the environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'meldpunt.sqlite'}")
    INSTANCE_DIR = Path(os.environ.get("INSTANCE_DIR", BASE_DIR / "instance"))
    UPLOAD_DIR = Path(os.environ.get("UPLOAD_DIR", INSTANCE_DIR / "uploads"))
    # Data keys (32 random bytes in base64url, newest first) for what is encrypted at rest: never in
    # the database. From MELDPUNT_DATA_KEYS (comma-separated) or a file with one key per line;
    # production needs one.
    DATA_KEYS = os.environ.get("MELDPUNT_DATA_KEYS", "")
    DATA_KEY_FILE = os.environ.get("MELDPUNT_DATA_KEY_FILE", "")
    DATA_KEY_FILE_CREATE = False
    MAX_UPLOAD_BYTES = _int("MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
    MAX_UPLOAD_FILES = _int("MAX_UPLOAD_FILES", 10)
    # The whole request may carry several files plus the form itself.
    MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 110 * 1024 * 1024)

    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    INVITATION_VALID_HOURS = _int("INVITATION_VALID_HOURS", 72)  # an invitation link works once, this long
    ACCESS_LINK_VALID_MINUTES = _int("ACCESS_LINK_VALID_MINUTES", 30)  # a reporter's e-mailed link: once, this long
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_HTTPONLY = True
    PERMANENT_SESSION_LIFETIME = _int("SESSION_LIFETIME_SECONDS", 8 * 3600)
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "app" / "translations")
    LANGUAGES = ("nl", "en")

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    INTAKE_RATE_LIMIT = os.environ.get("INTAKE_RATE_LIMIT", "20 per hour;5 per minute")
    FOLLOW_UP_RATE_LIMIT = os.environ.get("FOLLOW_UP_RATE_LIMIT", "10 per minute;60 per hour")
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    # Every API request with a token spends this budget of its own, per token (not per address).
    API_TOKEN_RATE_LIMIT = os.environ.get("API_TOKEN_RATE_LIMIT", "300 per minute;10000 per hour")
    # Behind N reverse proxies (TLS termination, load balancer): trust their X-Forwarded-For,
    # -Proto and -Host, so rate limits count per real client. 0 ignores those headers.
    TRUSTED_PROXY_COUNT = _int("TRUSTED_PROXY_COUNT", 0)
    # A token's "last used" is stamped at most this often, in a write apart from the request's.
    API_TOKEN_LAST_USE_SECONDS = _int("API_TOKEN_LAST_USE_SECONDS", 300)
    # Per account: after this many failed logins in a row the address waits, doubling up to the maximum.
    LOGIN_BACKOFF_AFTER = _int("LOGIN_BACKOFF_AFTER", 5)
    LOGIN_BACKOFF_SECONDS = _int("LOGIN_BACKOFF_SECONDS", 60)
    LOGIN_BACKOFF_MAX_SECONDS = _int("LOGIN_BACKOFF_MAX_SECONDS", 15 * 60)
    # Between the password and the second factor's code, at most this long.
    LOGIN_STEP_SECONDS = _int("LOGIN_STEP_SECONDS", 5 * 60)
    # Staff login sessions end after this long without a request, and after this long in any case;
    # participants' sessions end after PERMANENT_SESSION_LIFETIME.
    STAFF_SESSION_IDLE_MINUTES = _int("STAFF_SESSION_IDLE_MINUTES", 30)
    STAFF_SESSION_MAX_HOURS = _int("STAFF_SESSION_MAX_HOURS", 12)
    TOTP_ISSUER = os.environ.get("TOTP_ISSUER", "Edu-V Meldpunt")

    # Mail: without SMTP_HOST messages stay readable in the outbox page.
    SMTP_HOST = os.environ.get("SMTP_HOST", "")
    SMTP_PORT = _int("SMTP_PORT", 25)
    SMTP_USER = os.environ.get("SMTP_USER", "")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
    SMTP_TLS = _bool("SMTP_TLS", False)
    SMTP_SSL = _bool("SMTP_SSL", False)
    SMTP_TIMEOUT = _int("SMTP_TIMEOUT", 10)
    MAIL_FROM = os.environ.get("MAIL_FROM", "meldpunt@edu-v.example")
    MAIL_FROM_NAME = os.environ.get("MAIL_FROM_NAME", "Edu-V Meldpunt")
    # Attempts count only the message's own refusals (a 4xx for its recipient or data); an
    # unreachable server pauses delivery as a whole instead. A message older than this fails.
    # News on a case ("News on KLA-…") waits this long, gathering later changes into one e-mail.
    NOTICE_DIGEST_MINUTES = _int("NOTICE_DIGEST_MINUTES", 5)
    OUTBOX_MAX_ATTEMPTS = _int("OUTBOX_MAX_ATTEMPTS", 8)
    OUTBOX_MAX_AGE_HOURS = _int("OUTBOX_MAX_AGE_HOURS", 72)

    # Scheduler: embedded in `make run`, its own process in production (`flask scheduler run`).
    SCHEDULER_ENABLED = _bool("SCHEDULER_ENABLED", False)
    SCHEDULER_LEASE_SECONDS = _int("SCHEDULER_LEASE_SECONDS", 60)
    SWEEP_INTERVAL_SECONDS = _int("SWEEP_INTERVAL_SECONDS", 60)
    SWEEP_BATCH_SIZE = _int("SWEEP_BATCH_SIZE", 200)  # clocks per sweep transaction
    OUTBOX_INTERVAL_SECONDS = _int("OUTBOX_INTERVAL_SECONDS", 15)
    # Measures whose end date has come are ended (and the register records it) on this interval.
    MEASURE_END_INTERVAL_SECONDS = _int("MEASURE_END_INTERVAL_SECONDS", 900)
    # Webhooks: queued events are delivered on this interval; an endpoint that fails this many attempts
    # in a row is paused (its administrator is e-mailed); each POST waits this long for an answer.
    WEBHOOK_INTERVAL_SECONDS = _int("WEBHOOK_INTERVAL_SECONDS", 15)
    WEBHOOK_PAUSE_AFTER_FAILURES = _int("WEBHOOK_PAUSE_AFTER_FAILURES", 10)
    WEBHOOK_TIMEOUT_SECONDS = _int("WEBHOOK_TIMEOUT_SECONDS", 5)
    # Endpoints must be https; plain http only to a loopback address, and only in development and tests.
    WEBHOOK_LOOPBACK_HTTP = False
    # Idempotency keys older than 24 hours are forgotten this often (a lookup ignores them anyway).
    IDEMPOTENCY_PURGE_INTERVAL_SECONDS = _int("IDEMPOTENCY_PURGE_INTERVAL_SECONDS", 3600)
    # The retention job: warns of cases reaching their term, erases them a month later, blanks old mail bodies.
    RETENTION_INTERVAL_SECONDS = _int("RETENTION_INTERVAL_SECONDS", 3600)
    RETENTION_WARNING_DAYS = _int("RETENTION_WARNING_DAYS", 30)
    OUTBOX_BODY_RETENTION_DAYS = _int("OUTBOX_BODY_RETENTION_DAYS", 30)  # sent messages' bodies, then blanked
    # A reporter's reference + code (and e-mailed links) stop working this long after the case closed.
    FOLLOW_UP_DAYS_AFTER_CLOSURE = _int("FOLLOW_UP_DAYS_AFTER_CLOSURE", 90)

    # Supplier to school notification after a breach, read from the model processor agreement.
    PROCESSOR_NOTICE_HOURS = _int("PROCESSOR_NOTICE_HOURS", 24)
    DEMO_MODE = _bool("DEMO_MODE", False)


class DevelopmentConfig(Config):
    """`make run`: local HTTP, the demo register and demo accounts, the embedded scheduler."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    DEMO_MODE = True
    SCHEDULER_ENABLED = _bool("SCHEDULER_ENABLED", True)
    WEBHOOK_LOOPBACK_HTTP = True
    # A fresh clone works at once: the first start writes a key file under instance/ (mode 0600).
    DATA_KEY_FILE = os.environ.get("MELDPUNT_DATA_KEY_FILE", str(Config.INSTANCE_DIR / "data-keys"))
    DATA_KEY_FILE_CREATE = True


class TestConfig(Config):
    """The test suite: SQLite in memory unless TEST_DATABASE_URL names PostgreSQL."""

    TESTING = True
    SECRET_KEY = "test-secret"
    DATA_KEYS = "bWVsZHB1bnQtdGVzdC1rZXktbm90LXNlY3JldC0zMmI="  # a fixed test key, not secret
    DATA_KEY_FILE = ""
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    WTF_CSRF_ENABLED = True
    SCHEDULER_ENABLED = False
    RATELIMIT_ENABLED = False
    SMTP_HOST = ""
    PUBLIC_BASE_URL = "http://localhost"
    WEBHOOK_LOOPBACK_HTTP = True


CONFIGS = {"production": Config, "development": DevelopmentConfig, "test": TestConfig}
