"""
The project's only settings module. Every value that differs between a laptop and
production is read from the environment; README.md lists each variable.

Defaults are safe for production (DEBUG off, HTTPS on, no secret in the code) and work
out of the box for development when DEBUG=True (SQLite, console email, local cache).
"""

import base64
import hashlib
import importlib.util
import json
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

from core import licences, spreadsheets

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use True or False.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum of {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = os.environ.get(name, "").strip() or default
    if value not in choices:
        allowed = ", ".join(sorted(choices))
        raise ImproperlyConfigured(f"{name}={value!r} is not one of: {allowed}.")
    return value


# --- A development checkout's .env -------------------------------------------
# `make run` writes .env (DEBUG=True) so that manage.py commands work in a development
# checkout as they are; variables set in the environment always win over it. The
# production entry points (config/gunicorn.conf.py, `make serve`, `make worker`, the
# Containerfile) set ENV_FILE to nothing, so a stray .env is never read there; set
# ENV_FILE to a path to read that file instead.
ENV_FILE = os.environ.get("ENV_FILE", str(BASE_DIR / ".env"))
if ENV_FILE:
    if "ENV_FILE" in os.environ and not Path(ENV_FILE).is_file():
        raise ImproperlyConfigured(f"ENV_FILE={ENV_FILE!r} names no file.")
    load_dotenv(ENV_FILE, override=False)

# --- Core -----------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random string in production "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))"), '
            "or set DEBUG=True for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The name shown in the header, footer and emails: who runs this site.
ORGANISATION_NAME = env_str("ORGANISATION_NAME", "Free Belarus Prisoners")


# The public address of the site, used in emails and feeds (no trailing slash). Required
# in production (the system check core.E001): every emailed link starts with it. In
# development, where `make run` serves (HOST and PORT, which it exports).
def development_site_url() -> str:
    host = env_str("HOST").strip() or "127.0.0.1"
    if host in {"0.0.0.0", "::"}:  # noqa: S104 (every interface: this machine is one)
        host = "127.0.0.1"
    elif ":" in host:  # an IPv6 address, bracketed in a URL
        host = f"[{host.strip('[]')}]"
    return f"http://{host}:{env_int('PORT', 8000, minimum=1)}"


SITE_URL = env_str("SITE_URL", development_site_url() if DEBUG else "").rstrip("/")
# Where staff reach the admin, for the links in staff's emails (a flood alert): the
# office's address when the admin is not on the public host (docs/deploy.md, "Two
# hosts"); empty: SITE_URL.
OFFICE_URL = (env_str("OFFICE_URL") or SITE_URL).rstrip("/")

# The static copy of the public site (docs/deploy.md, "When the site is blocked"):
# where `manage.py build_mirror` writes it, the Ed25519 private key that signs it (a PEM
# file on the machine that builds copies, never needed on the public web host) and the
# public key the site publishes at /mirror-key.pem (the base64 body of its PEM, one
# line, as `manage.py mirror_key` prints it). In development `make mirror` makes a key
# in .mirror-signing-key.pem and the site publishes its public half.
MIRROR_ROOT = Path(env_str("MIRROR_ROOT", str(BASE_DIR / "mirror")))
MIRROR_SIGNING_KEY = env_str(
    "MIRROR_SIGNING_KEY", str(BASE_DIR / ".mirror-signing-key.pem") if DEBUG else ""
)
MIRROR_PUBLIC_KEY = env_str("MIRROR_PUBLIC_KEY")

# The licence of the open data (the open-data page, /api/v1/datapackage.json): an SPDX
# identifier among the open licences core/licences.py knows, whose title and text's
# address the page and the data package show.
OPEN_DATA_LICENSE = env_choice("OPEN_DATA_LICENSE", "CC-BY-4.0", set(licences.OPEN_LICENCES))

# The site's onion service, if it has one (docs/deploy.md, "Onion service"):
# http://<56 letters and digits>.onion, checked by core.E010. With it every page names
# its onion address (Onion-Location); its host is allowed and trusted for forms; and a
# request on it gets no redirect to HTTPS and no HSTS (core.middleware.SecurityMiddleware).
ONION_URL = env_str("ONION_URL").strip().rstrip("/").lower()
if ONION_URL and (onion_host := urlsplit(ONION_URL).hostname):
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, onion_host]
    CSRF_TRUSTED_ORIGINS = [*CSRF_TRUSTED_ORIGINS, ONION_URL]

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, whose forms it extends
    "staff.apps.StaffAdminConfig",  # Django's admin with the staff's site (staff/sites.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_countries",
    "staff.apps.TasksConfig",  # django_tasks_db, named in the admin's language
    "django_otp",
    "staff.apps.OTPTOTPConfig",  # django_otp's apps and axes, named likewise
    "staff.apps.OTPStaticConfig",
    "staff.apps.AxesConfig",
    "import_export",
    "simple_history",
    "core",
    "news",
    "audience",
    "prisoners",
    "campaigns",
    "reports",
    "stories",
    "officials",
    "supporters",
    "mirrors",
    "sitewide",
    "staff",
]

MIDDLEWARE = [
    "core.middleware.load_shedding",
    # Django's, except on the onion host, which has no certificate: no redirect to
    # HTTPS, no HSTS there; and Onion-Location elsewhere (core/middleware.py).
    "core.middleware.SecurityMiddleware",
    # Django's, with the site's policy built once (core/middleware.py).
    "core.middleware.ContentSecurityPolicyMiddleware",
    "core.middleware.security_headers",
    "core.middleware.unreadable_requests_refused",
    # A lost database connection answers 503 with Retry-After, not a 500 traceback.
    "core.middleware.database_unavailable",
    "core.middleware.tracking_parameters_ignored",
    # `/` redirects to the visitor's language here, before the rest of the stack
    # (core/request_path.py).
    "core.request_path.root_redirected_to_a_language",
    # A stored public page is answered here, before everything below runs
    # (core/page_cache.py): sessions, locale, CSRF, authentication, messages, the view.
    "core.page_cache.public_pages_served_from_cache",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # STAFF_MIDDLEWARE, for requests that may come from staff: those with a session
    # cookie, and the admin's. A visitor's request is anonymous and skips them
    # (core/request_path.py).
    "core.request_path.staff_machinery",
]
STAFF_MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Who made each change kept in the history (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    }
]

# Every form field as the site marks it up, through Django's as_field_group.
FORM_RENDERER = "core.forms.FormRenderer"

# --- Database ---------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web server has concurrent writers. WAL lets readers run beside the writer;
    # IMMEDIATE takes the write lock when a transaction starts, so two writers queue
    # on the busy timeout instead of failing with "database is locked" on upgrade.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA busy_timeout=20000;"
            "PRAGMA foreign_keys=ON"
        ),
    }
    # A file, not memory, so that tests with concurrent writers see real locking; one
    # per test process, so that two test runs never share one.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"advocacy-test-{os.getpid()}.sqlite3")
    }
elif DATABASE_POOL_SIZE := env_int("DATABASE_POOL_SIZE", 0):
    # Threaded servers (WEB_THREADS > 1): one pool of connections per process, shared by
    # its threads, instead of a persistent connection per thread, which would run
    # PostgreSQL out of connections (docs/deploy.md).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": DATABASE_POOL_SIZE,
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
    }

# --- Cache --------------------------------------------------------------------

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "advocacy",
            "OPTIONS": {
                # A Redis that does not answer costs a request this long at most, then
                # the process uses its own memory cache for RETRY_SECONDS
                # (core/cache_backends.py).
                "socket_connect_timeout": env_int("REDIS_TIMEOUT_MS", 500, minimum=1) / 1000,
                "socket_timeout": env_int("REDIS_TIMEOUT_MS", 500, minimum=1) / 1000,
                "RETRY_SECONDS": env_int("REDIS_RETRY_SECONDS", 5, minimum=1),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Internationalisation ---------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("be", _("Belarusian")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Adding a language: an entry above, its catalogues in locale/ and, for modeltranslation's
# columns, a migration (docs/architecture.md, "Adding a language"). Nothing else names one.

# Content, not the site's languages: the languages a prison's censor lets letters through
# in, in the order the envelope prefers them (Person.letter_recipient, the opening phrases
# of the guidance for letters, LetterPhrase).
LETTER_LANGUAGES = ["ru", "be"]
# Content too: the language a spelling of a name that staff did not file under a language
# (Person.other_spellings) is announced in (lang="…"), by the letters it uses: the first
# pattern that matches, else LANGUAGE_CODE.
SPELLING_LANGUAGES = [("be", r"[іІўЎ]"), ("ru", r"[\u0400-\u04FF]")]

# Date and number formats for Belarusian, which Django does not ship.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Minsk"
USE_I18N = True
USE_TZ = True
# Content in every language falls back to English where a translation is missing.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

# --- Static files -------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# "local": files in MEDIA_ROOT; "s3": an S3-compatible bucket (requirements/s3.txt),
# which must be served under this site's own origin (see docs/deploy.md).
MEDIA_STORAGE = env_choice("MEDIA_STORAGE", "local", {"local", "s3"})
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
if MEDIA_STORAGE == "s3":
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs django-storages: pip install -r requirements/s3.txt"
        )
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
            # e.g. appeals.example.org/media: files are linked on this site's origin.
            "custom_domain": env_str("S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

# --- Email ---------------------------------------------------------------------

# Any Django email backend, by its path or one of these short names; each gets its
# options from the environment (README.md), so that every backend works from the
# environment alone, not only SMTP.
EMAIL_BACKEND_NAMES = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    # Django's, printing each email decoded: links whole, no =3D (core/mail.py).
    "console": "core.mail.ConsoleEmailBackend",
    "filebased": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}
email_backend = env_str("EMAIL_BACKEND", "console" if DEBUG else "smtp").strip()
email_backend = EMAIL_BACKEND_NAMES.get(email_backend, email_backend)
# Seconds one SMTP operation may take (not named EMAIL_TIMEOUT: Django refuses its old
# email settings beside MAILERS).
SMTP_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
email_options: dict = {}
if email_backend == EMAIL_BACKEND_NAMES["smtp"]:
    email_options = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
        "timeout": SMTP_TIMEOUT,
    }
elif email_backend == EMAIL_BACKEND_NAMES["filebased"]:
    if not env_str("EMAIL_FILE_PATH").strip():
        raise ImproperlyConfigured(
            "EMAIL_BACKEND=filebased needs EMAIL_FILE_PATH: the folder to write emails to."
        )
    email_options = {"file_path": env_str("EMAIL_FILE_PATH").strip()}
# Options of any other backend (a mail provider's API, say), as a JSON object; they are
# added to, and win over, the ones above.
if raw_email_options := env_str("EMAIL_BACKEND_OPTIONS").strip():
    try:
        extra_email_options = json.loads(raw_email_options)
    except ValueError:
        raise ImproperlyConfigured("EMAIL_BACKEND_OPTIONS is not valid JSON.") from None
    if not isinstance(extra_email_options, dict):
        raise ImproperlyConfigured("EMAIL_BACKEND_OPTIONS must be a JSON object.")
    email_options |= extra_email_options
MAILERS = {"default": {"BACKEND": email_backend, "OPTIONS": email_options}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "appeals@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Public pages without forms are served from the cache for this many seconds (0: off);
# an edit in the admin shows after at most this long.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 30)

# Load shedding (core/middleware.py): requests running at once per process, and how
# long a request may wait for a slot before it gets a 503 with Retry-After. 0: off.
MAX_CONCURRENT_REQUESTS = env_int("MAX_CONCURRENT_REQUESTS", 0)
LOAD_SHEDDING_WAIT_MS = env_int("LOAD_SHEDDING_WAIT_MS", 2000)
LOAD_SHEDDING_QUEUE = env_int("LOAD_SHEDDING_QUEUE", 8)

# --- Background tasks -----------------------------------------------------------

# "immediate" runs a task inside the request (development, tests); "database" queues it
# in the database, in the same transaction as the change that asked for it, for the
# worker started with `python manage.py db_worker` (production).
TASKS_BACKEND = env_choice(
    "TASKS_BACKEND", "immediate" if DEBUG else "database", {"immediate", "database"}
)
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}
# A task still RUNNING this long after it started has lost its worker (killed, or its
# machine gone): the scheduled queue_confirmation_emails runs it again. Longer than any
# task may take: an email send gives up after EMAIL_TIMEOUT.
TASK_STUCK_SECONDS = env_int("TASK_STUCK_SECONDS", 600, minimum=60)

# --- Campaigns and signatures --------------------------------------------------

# How long a confirmation link works; unconfirmed signatures are purged after it.
SIGNATURE_CONFIRMATION_DAYS = env_int("SIGNATURE_CONFIRMATION_DAYS", 7, minimum=1)
# How long the withdraw and data-download links in signers' emails work (they show the
# signer's name and address); an expired one offers to email the mailbox a fresh one.
SIGNER_LINK_DAYS = env_int("SIGNER_LINK_DAYS", 30, minimum=1)
# Signers' personal data is erased this many days after their campaign closes.
SIGNATURE_RETENTION_DAYS_AFTER_CLOSE = env_int(
    "SIGNATURE_RETENTION_DAYS_AFTER_CLOSE", 90, minimum=0
)
# Sign attempts allowed per window: "count/seconds". 0/1 switches a limit off.
RATE_LIMIT_SIGN_PER_IP = env_str("RATE_LIMIT_SIGN_PER_IP", "20/600")
RATE_LIMIT_SIGN_PER_EMAIL = env_str("RATE_LIMIT_SIGN_PER_EMAIL", "5/3600")
# "I sent a letter": counted once per visitor (IP hash) and person per window, and no
# more than this many letters from one address per window, whoever they are for.
RATE_LIMIT_LETTER_PER_PERSON = env_str("RATE_LIMIT_LETTER_PER_PERSON", "1/86400")
RATE_LIMIT_LETTERS_PER_IP = env_str("RATE_LIMIT_LETTERS_PER_IP", "30/3600")
# The admin's index lists the profiles nobody has changed for this many days.
PROFILE_STALE_DAYS = env_int("PROFILE_STALE_DAYS", 180, minimum=1)
# Seconds a campaign's figures are kept in the shared cache before they are counted again.
COUNTER_CACHE_SECONDS = env_int("COUNTER_CACHE_SECONDS", 3)
# Seconds the total shown on a campaign page may lag the confirmed signatures, whatever
# caches (this site's, a reverse proxy's, a browser's) keep the page: the page is kept for
# this minus COUNTER_CACHE_SECONDS.
LIVE_TOTAL_LAG_SECONDS = env_int("LIVE_TOTAL_LAG_SECONDS", 5, minimum=1)
# How many proxies in front of the app append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Every per-address limit (signing, following, letters, the staff sign-in lockout) and
# the floods count one IPv6 network of this many bits as one address: a subscriber
# usually gets a /64, and could otherwise sign from a new address each time
# (core/network.py).
IPV6_PREFIX_LENGTH = env_int("IPV6_PREFIX_LENGTH", 64, minimum=1)
if IPV6_PREFIX_LENGTH > 128:
    raise ImproperlyConfigured(
        f"IPV6_PREFIX_LENGTH={IPV6_PREFIX_LENGTH} is longer than an IPv6 address (128 bits)."
    )

# Once a campaign's total passes its goal, the next of these milestones is shown as its
# goal (past the last one, the next multiple of it).
try:
    CAMPAIGN_GOAL_STEPS = sorted(
        int(step)
        for step in env_list(
            "CAMPAIGN_GOAL_STEPS",
            ["1000", "2500", "5000", "10000", "25000", "50000", "100000", "250000", "500000",
             "1000000"],
        )
    )  # fmt: skip
except ValueError:
    raise ImproperlyConfigured(
        "CAMPAIGN_GOAL_STEPS must be whole numbers, comma-separated."
    ) from None
if any(step < 1 for step in CAMPAIGN_GOAL_STEPS):
    raise ImproperlyConfigured("CAMPAIGN_GOAL_STEPS must be whole numbers above 0.")

# --- Supporters hear back (supporters/): mailings to signers and followers ---------

# Emails about one campaign's updates that its signers may get in seven days: more than a
# couple a week from one appeal reads as spam, to signers and to their mail providers,
# whose complaints would then hold back every later email, confirmations included. The
# addressee's response and the outcome are announced once each and not counted.
CAMPAIGN_UPDATES_PER_WEEK = env_int("CAMPAIGN_UPDATES_PER_WEEK", 2, minimum=1)
# Recipients a worker claims at once, and sends over one SMTP connection.
MAILING_BATCH_SIZE = env_int("MAILING_BATCH_SIZE", 250, minimum=1)
# Emails sent per window over all workers ("count/seconds", counted in the cache, so
# shared through REDIS_URL): set it to the mail provider's limit. 0/1: no limit.
MAILING_RATE = env_str("MAILING_RATE", "0/1")
# How many workers may send one mailing at once.
MAILING_WORKERS = env_int("MAILING_WORKERS", 2, minimum=1)
# A worker's claim on its batch: after this long, the recipients it has not marked sent
# go back to the others (a worker killed mid-batch). A worker starts no send later than
# six EMAIL_TIMEOUTs before its claim ends, so it never sends what it no longer holds.
MAILING_CLAIM_SECONDS = env_int("MAILING_CLAIM_SECONDS", 300, minimum=10)
if MAILING_CLAIM_SECONDS < 12 * SMTP_TIMEOUT:
    raise ImproperlyConfigured(
        f"MAILING_CLAIM_SECONDS={MAILING_CLAIM_SECONDS} must be at least twelve "
        f"EMAIL_TIMEOUTs ({12 * SMTP_TIMEOUT}): a worker must finish a send within its claim."
    )
# A temporary failure (a 4xx answer, a lost connection) is retried after this many
# seconds, then twice as long each time, MAILING_MAX_ATTEMPTS times in all.
MAILING_RETRY_SECONDS = env_int("MAILING_RETRY_SECONDS", 120, minimum=1)
MAILING_MAX_ATTEMPTS = env_int("MAILING_MAX_ATTEMPTS", 6, minimum=1)
# A finished mailing's record of each recipient is deleted after this many days (its
# totals stay); an address the mail server refused for good is skipped this long.
MAILING_RECORDS_DAYS = env_int("MAILING_RECORDS_DAYS", 30, minimum=1)
SUPPRESSION_DAYS = env_int("SUPPRESSION_DAYS", 365, minimum=1)
# Follow requests allowed per window ("count/seconds"; 0/1 switches a limit off).
RATE_LIMIT_FOLLOW_PER_IP = env_str("RATE_LIMIT_FOLLOW_PER_IP", "20/600")
RATE_LIMIT_FOLLOW_PER_EMAIL = env_str("RATE_LIMIT_FOLLOW_PER_EMAIL", "5/3600")

# --- Security -----------------------------------------------------------------

# HTTPS is on unless DEBUG is: cookies only over TLS, redirect http, and HSTS.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 63072000 if HTTPS else 0  # two years
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
# No request, to another site or to this one, says which page it came from (issue 32:
# readers leave as little trace as can be). The pages whose forms carry Django's CSRF
# token keep the referrer on this site, which that check needs (core.csrf).
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Nothing is loaded from another origin: every directive names only this site. No page
# has an inline script, so none needs a nonce: a nonce in a page that every visitor gets
# from a cache would be known to everyone, and the pages are cached (core/page_cache.py).
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)

# Monitoring reads the figures of /healthz/details with `Authorization: Bearer <this>`
# (empty: only superusers who are signed in). /healthz itself says only ok or not ok.
HEALTHZ_TOKEN = env_str("HEALTHZ_TOKEN")

# --- Supporters' data: sealed, and the two roles (docs/security.md, issue 34) --------

# Which half of the site this process is. `public`: the pages and the forms, on the
# exposed web host, holding only the public key (it seals, it cannot open). `office`: the
# admin and the worker, on a private network, holding the private keys and the digest
# key. `both`: one process that is both (development, tests, a single trusted host).
SITE_ROLE = env_choice("SITE_ROLE", "both", {"public", "office", "both"})
SERVES_PUBLIC = SITE_ROLE in ("public", "both")
SERVES_OFFICE = SITE_ROLE in ("office", "both")
# Supporters' names, addresses and comments are sealed to this X25519 public key
# (core/sealing.py); `manage.py supporter_keys --new` makes a pair.
SUPPORTER_PUBLIC_KEY = env_str("SUPPORTER_PUBLIC_KEY")
# The private keys that open them (comma-separated, newest first): the office only. The
# public role refuses to start with any (system check core.E005).
SUPPORTER_PRIVATE_KEYS = env_list("SUPPORTER_PRIVATE_KEYS", [])
# Supporters are told apart by a digest of their address keyed with this (core/encryption.py):
# the office only, so that the public host cannot test a guessed address.
SIGNER_DIGEST_KEY = env_str("SIGNER_DIGEST_KEY")
# Signs the links emailed to supporters (made by the office, read by the public role):
# both roles hold it, and each its own SECRET_KEY. Empty: SECRET_KEY (one role).
SUPPORTER_LINK_KEY = env_str("SUPPORTER_LINK_KEY")
# The Fernet keys that encrypted addresses before they were sealed: read only by the
# migration that seals them (campaigns 0009) and by its reverse. Retired after it.
SIGNER_DATA_KEYS = env_list("SIGNER_DATA_KEYS", [])
if DEBUG:

    def development_key(purpose: str) -> str:
        """A key derived from SECRET_KEY: the development database stays readable from one
        `make run` to the next. Never in production (DEBUG off)."""
        derived = hashlib.sha256(f"development {purpose}:{SECRET_KEY}".encode()).digest()
        return base64.urlsafe_b64encode(derived).decode("ascii")

    if SERVES_OFFICE and not SUPPORTER_PRIVATE_KEYS:
        SUPPORTER_PRIVATE_KEYS = [development_key("supporter private key")]
    if not SUPPORTER_PUBLIC_KEY:
        from nacl.public import PrivateKey

        _development_private = base64.urlsafe_b64decode(development_key("supporter private key"))
        SUPPORTER_PUBLIC_KEY = base64.urlsafe_b64encode(
            bytes(PrivateKey(_development_private).public_key)
        ).decode("ascii")
    SIGNER_DATA_KEYS = SIGNER_DATA_KEYS or [development_key("signer data key")]
    if SERVES_OFFICE:
        SIGNER_DIGEST_KEY = SIGNER_DIGEST_KEY or development_key("signer digest key")

# --- Floods and block lists -------------------------------------------------------

# Signatures per campaign and hour from one keyed IP hash, or one email domain, that the
# admin's index shows as a possible flood (RECORD) and that email staff (ALERT), once per
# campaign, hour and address or domain (campaigns/floods.py, docs/security.md).
FLOOD_IP_RECORD_PER_HOUR = env_int("FLOOD_IP_RECORD_PER_HOUR", 10, minimum=1)
FLOOD_IP_ALERT_PER_HOUR = env_int("FLOOD_IP_ALERT_PER_HOUR", 30, minimum=1)
FLOOD_DOMAIN_RECORD_PER_HOUR = env_int("FLOOD_DOMAIN_RECORD_PER_HOUR", 50, minimum=1)
FLOOD_DOMAIN_ALERT_PER_HOUR = env_int("FLOOD_DOMAIN_ALERT_PER_HOUR", 150, minimum=1)
# Who gets the flood alerts (comma-separated); empty: every active superuser with an
# email address.
FLOOD_ALERT_EMAILS = env_list("FLOOD_ALERT_EMAILS", [])
# Refuse addresses at the domains of the `disposable-email-domains` list (quietly: the
# signer sees the usual answer, nothing is stored or sent).
REFUSE_DISPOSABLE_EMAILS = env_bool("REFUSE_DISPOSABLE_EMAILS", True)

# --- Staff accounts -------------------------------------------------------------

# The admin lives at this path; a less guessable one keeps out some of the noise.
ADMIN_URL = env_str("ADMIN_URL", "admin/").strip("/") + "/"
# Require a one-time code (TOTP app or backup code) from every staff member: on by
# default in production, where a stolen password alone must not open signers' data; off
# in development (make run). The first account signs in with a backup code from
# `manage.py addstatictoken <username>` (docs/deploy.md).
ADMIN_REQUIRE_2FA = env_bool("ADMIN_REQUIRE_2FA", not DEBUG)
# A signed-in session ends after this many minutes without a request: a staff laptop left
# open does not stay signed in to signers' data. Each request starts the time again
# (SESSION_SAVE_EVERY_REQUEST); visitors have no session, so it costs them nothing.
STAFF_IDLE_MINUTES = env_int("STAFF_IDLE_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = STAFF_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
# Django's database sessions with keys this site signs, so that a made-up session cookie
# makes no visitor a staff member (it costs them a cached page, no session row), and
# with no row ever saved for an empty session (core/sessions.py; issue 31).
SESSION_ENGINE = "core.sessions"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: 5 failures for one username (from any addresses) lock that username
# out for 30 minutes, and 5 failures from one address (for any usernames) lock that
# address out: guessing from rotating addresses, or many usernames from one, is stopped
# either way. Attempts are counted in the cache, keyed by the IP's keyed hash, so no raw
# address is stored or logged. `manage.py axes_reset_username NAME` lifts a lockout.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "core.network.request_ip_hash"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "staff/locked_out.html"
OTP_TOTP_ISSUER = ORGANISATION_NAME
# The admin's and django-axes' middleware run from STAFF_MIDDLEWARE, not MIDDLEWARE
# (core/request_path.py); core.E007-E009 check them there instead.
# Django's security middleware is core.middleware.SecurityMiddleware, its subclass: core.E011
# checks it is there, and runs Django's checks of its settings (security.W001).
SILENCED_SYSTEM_CHECKS = ["admin.E408", "admin.E409", "admin.E410", "axes.W002", "security.W001"]
if DEBUG and not REDIS_URL:
    # One development process: its memory cache is enough to count attempts. In
    # production REDIS_URL shares the counts between processes, and the check stays on.
    SILENCED_SYSTEM_CHECKS += ["axes.W001"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Logging ------------------------------------------------------------------

LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"})
# "json" writes one JSON object per line (production, for log collectors).
LOG_FORMAT = env_choice("LOG_FORMAT", "text", {"text", "json"})
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "core.redaction.RedactTokens"}},
    "formatters": {
        "text": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "{asctime}{levelname}{name}{message}",
            "style": "{",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["redact_tokens"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # Its start-up banner on every command is noise; lockouts are warnings.
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # fpdf2's font subsetting (the handover pack) logs every table at INFO.
        "fontTools": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# django-import-export (docs/import.md): a file with any bad row writes nothing, and a
# 10,000-row import writes no 10,000 admin log entries.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# The case import checks and writes a file within one request each (the dry run, then the
# confirm), which must end well within WEB_TIMEOUT: a bigger file is refused with a message
# to split it (docs/import.md has the measurement). The size in bytes, checked before the
# file is read, allows 1 KB a row in a CSV file and 256 bytes in an XLSX file (compressed:
# a 512 KB XLSX file holds about 8,500 short rows, read in about 3 s).
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 2000, minimum=1)
IMPORT_MAX_BYTES = {"csv": IMPORT_MAX_ROWS * 1024, "xlsx": IMPORT_MAX_ROWS * 256}
# CSV and XLSX whose cells never run as formulas, on export as on import (its own
# IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only drops a leading "="): core/spreadsheets.py.
IMPORT_EXPORT_FORMATS = spreadsheets.FORMATS
