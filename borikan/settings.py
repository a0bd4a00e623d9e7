"""Settings, read from the environment with safe local defaults (see README, "Configuration")."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("BORIKAN_VAR_DIR", BASE_DIR / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _local_secret_key() -> str:
    """A per-installation key kept under var/, so a local run needs no configuration."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves the API docs (Swagger UI) from its own static files, not a CDN
    "channels",
    "django_tasks",
    "django_tasks_db",
    "borikan.core",
    "borikan.catalog",
    "borikan.search",
    "borikan.contacts",
    "borikan.telephony",
    "borikan.interactions",
    "borikan.cases",
    "borikan.knowledge",
    "borikan.appointments",
    "borikan.surveys",
    "borikan.notifications",
    "borikan.webhooks",
    "borikan.portal",
    "borikan.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "borikan.core.middleware.RefuseNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "borikan.urls"
ASGI_APPLICATION = "borikan.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "borikan" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "borikan.core.context_processors.borikan",
            ],
            "builtins": ["borikan.core.templatetags.thai"],
        },
    }
]

# Database: SQLite under var/ by default; PostgreSQL (or another SQLite file) from DATABASE_URL.
# Every SQLite database gets WAL and IMMEDIATE transactions, however it was configured.
SQLITE_OPTIONS = {
    # IMMEDIATE: a writer takes the lock at BEGIN, so two writers queue instead of failing
    # half-way with "database is locked".
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    # wal_autocheckpoint: copy the WAL back every 10,000 pages (~40 MB) rather than 1,000. A
    # case opened writes ~60 pages, so the default stopped every 15th commit for a checkpoint
    # (copy and fsync, ~10 ms); pages written again and again are copied once per checkpoint.
    "init_command": (
        "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;PRAGMA busy_timeout=20000;PRAGMA wal_autocheckpoint=10000"
    ),
}
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES: dict[str, Any] = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "borikan.sqlite3")),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
    # Under ASGI a connection lives for one request whatever CONN_MAX_AGE says, so connections
    # are closed after each request and reused from a per-process pool instead (opening one
    # cost about a millisecond per request; see borikan/core/sqlite3).
    DATABASES["default"]["ENGINE"] = "borikan.core.sqlite3"
    DATABASES["default"]["OPTIONS"].setdefault("pool", True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The public address of this site, for links in e-mail and SMS (tracking page, case pages).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Redis is optional: the channel layer and the cache use it when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
    CACHES: dict[str, dict[str, Any]] = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    # Room for the search's per-term document counts (locmem's default is 300 entries, which
    # a few searches fill: the counts were evicted and read again on every search).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# Background work: a database queue that `borikan worker` runs.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Language and time: Thai first, English second; Bangkok time.
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "th")
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "borikan" / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Bangkok")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "borikan" / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# Uploaded files live outside the web root and are served only through views that check access.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Never routed: uploads are served by views that check who may see them.
MEDIA_URL = "/_media/"

# E-mail: SMTP when EMAIL_HOST is set, otherwise files under var/mail for inspection.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Borikan <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# SMS: a dotted path to a backend class (borikan.notifications.sms); the console by default.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "borikan.notifications.sms.ConsoleBackend")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Borikan's own settings.
BORIKAN: dict[str, Any] = {
    # Seconds after which the worker counts as gone in /healthz.
    "WORKER_STALE_AFTER": int(os.environ.get("WORKER_STALE_AFTER", "60")),
    # Extra Thai holidays files or overrides are entered by administrators in the admin.
    "HOLIDAY_CATEGORIES": ("public", "government"),
    "THAI_DIGITS": env_bool("THAI_DIGITS"),
    # Video meetings (appointments): a provider class; the default builds Jitsi Meet links.
    "MEETING_PROVIDER": os.environ.get(
        "MEETING_PROVIDER", "borikan.appointments.meetings.JitsiProvider"
    ),
    # The Jitsi Meet server: the ministry's own in production (citizens' data stay in-country).
    "JITSI_URL": os.environ.get("JITSI_URL", "https://meet.jit.si").rstrip("/"),
    # Set both to sign each link with a JWT (Jitsi's token authentication, HS256).
    "JITSI_JWT_APP_ID": os.environ.get("JITSI_JWT_APP_ID", ""),
    "JITSI_JWT_SECRET": os.environ.get("JITSI_JWT_SECRET", ""),
    # Public forms sent sooner than this after they were shown are taken for a script's.
    "FORM_MIN_FILL_SECONDS": int(os.environ.get("FORM_MIN_FILL_SECONDS", "3")),
}
