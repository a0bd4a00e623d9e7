"""Settings, read from the environment with safe local defaults (see README, "Configuration")."""

from __future__ import annotations

import datetime as dt
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
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "borikan.core",
    "borikan.catalog",
    "borikan.search",
    "borikan.contacts",
    "borikan.telephony",
    "borikan.interactions",
    "borikan.cases",
    "borikan.knowledge",
    "borikan.appointments",
    "borikan.chat",
    "borikan.surveys",
    "borikan.privacy",
    "borikan.reports",
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
    "django_otp.middleware.OTPMiddleware",
    "borikan.core.middleware.SecondFactorMiddleware",
    "borikan.core.middleware.PublicRateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "borikan.core.middleware.SecurityHeadersMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
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
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and (
    os.environ.get("DB_POOL_SIZE", "16") != "0"
):
    # Under ASGI each request's database work runs in a thread of its own, so "persistent"
    # connections piled up to one per concurrent request and a 200-seat load ran PostgreSQL out
    # of connections (503s). A bounded pool per process instead: a request waits for a free
    # connection (up to `timeout`, then 503), and each is checked before it is handed out
    # (CONN_HEALTH_CHECKS makes Django give the pool psycopg's check), so a restarted
    # PostgreSQL is reconnected to by itself.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": int(os.environ.get("DB_POOL_SIZE", "16")),
        "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "10")),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: PostgreSQL compiles any query whose *estimated* cost passes
    # jit_above_cost, and compiling takes tens of milliseconds, longer than any query of this
    # application runs (a precaution against misestimated plans; see decisions.md).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = " ".join(filter(None, [options.get("options", ""), "-c jit=off"]))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Argon2 for new and changed passwords; older hashes are upgraded at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Sign-in throttling (django-axes): 5 wrong passwords for one username from one address lock
# that pair for 15 minutes; a success resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "borikan.core.account_views.locked_out"
AXES_VERBOSE = False
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

# Sessions and CSRF: HttpOnly, SameSite=Lax, Secure behind HTTPS (SECURE_COOKIES=1); a staff
# session ends after 10 hours (a shift) or when the browser closes.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES")
SESSION_COOKIE_AGE = 10 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind HTTPS (set in production, see docs/operations.md): redirect plain HTTP and ask browsers
# to remember it. nginx terminates TLS and says so in X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
# Joining the browsers' HSTS preload list binds every subdomain of the ministry's domain: the
# domain's owner decides that, not one application (docs/decisions.md).
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if SECURE_SSL_REDIRECT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content-Security-Policy (django-csp): scripts and styles only from Borikan's own files, no
# inline script, nothing from another site; websockets to this host ('self' covers ws/wss).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
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
    # Administrators must give a TOTP code after their password (staff may choose to).
    "ADMINS_NEED_SECOND_FACTOR": os.environ.get("ADMINS_NEED_SECOND_FACTOR", "1") != "0",
    # Requests per minute from one address by people not signed in, on any page or API.
    "PUBLIC_REQUESTS_PER_MINUTE": int(os.environ.get("PUBLIC_REQUESTS_PER_MINUTE", "600")),
    # Retention (PDPA): days after which records lose their personal data (docs/privacy.md).
    "RETENTION_DAYS": {
        "calls": int(os.environ.get("RETENTION_CALLS_DAYS", str(2 * 365))),
        "messages": int(os.environ.get("RETENTION_MESSAGES_DAYS", "365")),
        "closed_cases": int(os.environ.get("RETENTION_CLOSED_CASES_DAYS", str(10 * 365))),
    },
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
    # Satisfaction target (%): (impressed + satisfied) / responses, seed 003's KPI. A catalogue
    # service's own target wins when a report is about that service.
    "SATISFACTION_TARGET": float(os.environ.get("SATISFACTION_TARGET", "85")),
    # Seconds of one ring (Thai ring cadence: 1 s on, 4 s off), for "answer within 3 rings".
    "RING_SECONDS": float(os.environ.get("RING_SECONDS", "5")),
    # Who receives the monthly report by e-mail: supervisors with an address, plus these.
    "REPORT_EMAILS": env_list("REPORT_EMAILS", ""),
    # Public forms sent sooner than this after they were shown are taken for a script's.
    "FORM_MIN_FILL_SECONDS": int(os.environ.get("FORM_MIN_FILL_SECONDS", "3")),
}

# Live chat: the websites (scheme://host[:port]) allowed to embed the widget, besides Borikan's
# own hosts; the service hours on Thai working days (outside them a visitor leaves a message).
CHAT_ALLOWED_ORIGINS = env_list("CHAT_ALLOWED_ORIGINS", "")
CHAT_HOURS = os.environ.get("CHAT_HOURS", "08:30-16:30")
# "working": Thai working days only (weekends, holidays and days off closed); "all": every day.
CHAT_DAYS = os.environ.get("CHAT_DAYS", "working")
