"""Recheck settings, read from the environment.

Development (``DEBUG=1``) runs on SQLite and kombu's filesystem broker with no servers.
Production (``DEBUG`` unset or 0) needs ``SECRET_KEY`` and ``ALLOWED_HOSTS`` and turns on
secure cookies, HSTS and the SSL redirect, so that ``manage.py check --deploy`` is clean.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("RECHECK_VAR_DIR") or BASE_DIR / "var")


def env(name: str, default: str = "") -> str:
    """The variable's value; unset and empty both mean ``default``."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = env("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required unless DEBUG is on: set SECRET_KEY, or DEBUG=1 for development."
        )
    SECRET_KEY = "django-insecure-development-only-key-not-for-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "cms",
    "reviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cms.middleware.PrivateNoStore",
    "cms.middleware.RejectNullCharacters",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every view needs a signed-in user unless marked login_not_required (cms.permissions).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"
ASGI_APPLICATION = "cms.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reviews.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker, beat) share the file: wait for locks, don't fail.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["reviews.api.permissions.HasRequiredPerms"],
    "DEFAULT_PARSER_CLASSES": [
        "reviews.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "reviews.api.schema.RecheckAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Recheck API",
    "DESCRIPTION": "Review status of medical articles: articles, revisions, sign-offs, flags, "
    "the overdue report and clinical events. Authenticate with a token "
    "(`Authorization: Token <key>`) or a session.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several components have a "kind": name each choice set once.
    "ENUM_NAME_OVERRIDES": {
        "FlagKindEnum": "reviews.choices.FlagKind",
        "EventKindEnum": "reviews.choices.EventKind",
        "ChangeKindEnum": "cms.models.ChangeKind",
    },
}

LOGIN_URL = "login"
# How many reverse proxies in front of the app append to X-Forwarded-For (0: none, use
# REMOTE_ADDR). The client address of the login throttle is the one the outermost trusted
# proxy saw; anything further left in the header is the client's to forge.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
LOGIN_REDIRECT_URL = "root"  # the root sends signed-in users home (cms.hooks.HOME_URL)
LOGOUT_REDIRECT_URL = "cms:article-index"

LANGUAGE_CODE = "en-us"
# The staff interface's languages (gettext catalogues in locale/; LocaleMiddleware picks one
# from the browser, the language menu sets it). Public pages speak their article's language.
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language of an article that does not say (a BCP 47 tag, cms.languages).
ARTICLE_DEFAULT_LANGUAGE = env("ARTICLE_DEFAULT_LANGUAGE", "en")
# One date format in the interface (cms/formats/en/formats.py): 10/1/2023, times with the zone.
FORMAT_MODULE_PATH = ["cms.formats"]
TIME_ZONE = env("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Uploaded images of article bodies (Django's default storage: this folder unless STORAGES
# says otherwise). Their URLs start with MEDIA_URL; cms serves them (cms.views.media).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
IMAGE_MAX_BYTES = int(env("IMAGE_MAX_BYTES", str(5 * 1024 * 1024)))
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Email: the console backend in development, SMTP (EMAIL_HOST etc.) in production.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# Seconds an SMTP connect or reply may take: a server that accepts and never answers must not
# hold a worker (Django's default is to wait forever).
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "30"))
# A notification claimed for email and not emailed within this many seconds (its worker was
# killed mid-send) may be claimed again by a later run. Longer than the task's hard time limit,
# so the first claimer is certainly done or dead: two workers never both send.
EMAIL_CLAIM_LEASE = int(env("EMAIL_CLAIM_LEASE", "600"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Recheck <recheck@localhost>")

# Celery: kombu's filesystem transport needs no server (development and the demo);
# production sets CELERY_BROKER_URL=redis://...
CELERY_BROKER_DIR = VAR_DIR / "celery"
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "filesystem://")
# Every task's time limits, in seconds: at the soft limit the task gets SoftTimeLimitExceeded and
# cleans up (each job is one transaction, or releases its claim); at the hard limit the process
# running it is killed.
CELERY_TASK_SOFT_TIME_LIMIT = int(env("CELERY_TASK_SOFT_TIME_LIMIT", "240"))
CELERY_TASK_TIME_LIMIT = int(env("CELERY_TASK_TIME_LIMIT", "300"))
# Redis keeps a delivered task unacknowledged until it finishes (acks late); if the whole worker
# dies, the task is delivered again after this many seconds. Longer than the hard time limit, so
# a task still running is never delivered twice, and than the email claim lease, so the
# redelivered digests task finds the dead worker's claims expired and sends those emails.
CELERY_VISIBILITY_TIMEOUT = int(env("CELERY_VISIBILITY_TIMEOUT", "900"))
# Seconds a broker connect or reply may take. A web request that queues a task waits at most
# about this long on a broker that hangs (reviews.services.queueing), not forever.
CELERY_BROKER_SOCKET_TIMEOUT = float(env("CELERY_BROKER_SOCKET_TIMEOUT", "2"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis; other transports ignore these.
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_timeout": CELERY_BROKER_SOCKET_TIMEOUT,
    "socket_connect_timeout": CELERY_BROKER_SOCKET_TIMEOUT,
    # Look for tasks of dead workers every 10 s (kombu's default sweep is every 100 s).
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
}
if CELERY_BROKER_URL.startswith("filesystem"):
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "store_processed": False,
        # Where kombu keeps its exchange tables (the worker's remote-control "pidbox" one too);
        # left unset, it is "control" relative to the working directory, i.e. the repository.
        "control_folder": str(CELERY_BROKER_DIR / "control"),
    }
if not (
    EMAIL_TIMEOUT
    < CELERY_TASK_SOFT_TIME_LIMIT
    < CELERY_TASK_TIME_LIMIT
    < EMAIL_CLAIM_LEASE
    < CELERY_VISIBILITY_TIMEOUT
):
    raise ImproperlyConfigured(
        "Need EMAIL_TIMEOUT < CELERY_TASK_SOFT_TIME_LIMIT < CELERY_TASK_TIME_LIMIT "
        "< EMAIL_CLAIM_LEASE < CELERY_VISIBILITY_TIMEOUT (seconds); see the README."
    )
for _folder in ("queue", "processed", "control"):
    if CELERY_BROKER_URL.startswith("filesystem"):
        # kombu's filesystem transport expects its folders to exist.
        (CELERY_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# A web request must not hang on a broker that is down: fail fast, log, and let the next
# daily scan catch up (flags are derived from state, not from events).
CELERY_BROKER_CONNECTION_TIMEOUT = CELERY_BROKER_SOCKET_TIMEOUT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}


def env_clock(name: str, default: str) -> tuple[int, int]:
    """'HH:MM' (24-hour) from the environment, as (hour, minute)."""
    value = env(name, default)
    try:
        hour, minute = (int(part) for part in value.split(":"))
        if not (0 <= hour < 24 and 0 <= minute < 60):
            raise ValueError
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a time as HH:MM, not {value!r}.") from None
    return hour, minute


# The daily jobs, in TIME_ZONE.
REVIEW_SCAN_AT = env_clock("REVIEW_SCAN_AT", "02:00")
DIGESTS_SEND_AT = env_clock("DIGESTS_SEND_AT", "07:00")
CELERY_BEAT_SCHEDULE = {
    "daily-review-scan": {
        "task": "reviews.tasks.scan_reviews_task",
        "schedule": crontab(hour=REVIEW_SCAN_AT[0], minute=REVIEW_SCAN_AT[1]),
    },
    "daily-digests": {
        "task": "reviews.tasks.send_digests_task",
        "schedule": crontab(hour=DIGESTS_SEND_AT[0], minute=DIGESTS_SEND_AT[1]),
    },
}
# Escalate to content admins articles overdue by more than this many days, and open flags
# nobody acted on (no activity on the article) for this many days.
ESCALATE_OVERDUE_AFTER_DAYS = int(env("ESCALATE_OVERDUE_AFTER_DAYS", "14"))
ESCALATE_UNACTED_FLAG_AFTER_DAYS = int(env("ESCALATE_UNACTED_FLAG_AFTER_DAYS", "7"))
# Sheet imports: files larger than this many bytes, or HTML nested deeper than this, are
# refused with "FILE: reason".
IMPORT_MAX_BYTES = int(env("IMPORT_MAX_BYTES", str(2 * 1024 * 1024)))
IMPORT_MAX_HTML_DEPTH = int(env("IMPORT_MAX_HTML_DEPTH", "100"))
# Links in emails point here.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The publisher named in public pages' structured data when an article names no source.
RECHECK_PUBLISHER_NAME = env("RECHECK_PUBLISHER_NAME", "Recheck")
# Days a reviewer invitation link stays valid (reviews.services.invitations).
REVIEWER_INVITATION_DAYS = int(env("REVIEWER_INVITATION_DAYS", "7"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

if not DEBUG:
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS is required when DEBUG is off.")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
