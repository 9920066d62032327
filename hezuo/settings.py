"""Settings from environment variables; SQLite in the project's data folder when no DATABASE_URL."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent
DATA_DIR = Path(os.environ.get("HEZUO_DATA_DIR", REPO_DIR / "data"))
NODE_MODULES = Path(os.environ.get("HEZUO_NODE_MODULES", REPO_DIR / "node_modules"))


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


# Off unless asked for: Django's debug pages list every URL and show tracebacks to anyone.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "hezuo-insecure-development-key-change-me-in-production")
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "django_filters",
    "django_tables2",
    "django_bootstrap5",
    "django_htmx",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "hezuo.base",
    "hezuo.accounts",
    "hezuo.regions",
    "hezuo.directory",
    "hezuo.events",
    "hezuo.projects",
    "hezuo.zonedesk",
    "hezuo.reports",
    "hezuo.matchdesk",
    "hezuo.brokerage",
    "hezuo.assistance",
    "hezuo.imports",
    "hezuo.policies",
    "hezuo.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hezuo.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hezuo.base.submissions.SubmissionMiddleware",  # a form's one-time token: acted on once
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "hezuo.accounts.audit.UnmaskedAuditMiddleware",
    "hezuo.base.middleware.PrivatePagesMiddleware",
    "hezuo.base.middleware.DatabaseBusyMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lock-out into the lock-out page
]

ROOT_URLCONF = "hezuo.urls"
WSGI_APPLICATION = "hezuo.wsgi.application"

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
                "django.template.context_processors.i18n",
                "hezuo.web.context_processors.navigation",
            ],
        },
    }
]

DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'hezuo.sqlite3'}", conn_max_age=60
    )
}
SQLITE_OPTIONS = {
    "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),  # seconds a writer waits
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite for several users at once (https://www.sqlite.org/wal.html, /lang_transaction.html):
    # WAL lets readers go on while one writer writes; every transaction begins IMMEDIATE, so it
    # takes the write lock at its start and waits for it (busy timeout), instead of failing at
    # once with "database is locked" when two deferred transactions both try to turn a read into
    # a write; synchronous=NORMAL is WAL's durable-enough setting. A writer that still waits
    # longer than the timeout gets the "busy, try again" page (hezuo.base.middleware).
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "hezuo.accounts.security.LockoutBackend",  # first: refuses locked-out clients
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
FORMAT_MODULE_PATH = ["hezuo.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATICFILES_DIRS = [
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
    ("vendor/tom-select", NODE_MODULES / "tom-select" / "dist"),
]
STATICFILES_DIRS = [BASE_DIR / "static"] + [d for d in STATICFILES_DIRS if d[1].exists()]
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "hezuo.accounts.tokens_auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "hezuo.base.api_filters.FilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "hezuo.base.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # service, model and database refusals → one body (400/403/404/409), in one place
    "EXCEPTION_HANDLER": "hezuo.base.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hezuo API",
    "DESCRIPTION": "Regions, programs, organisations, people, events, agreements and projects.",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One schema name per choice set that several fields share (e.g. from_stage and to_stage),
    # and distinct names for the many fields called "status".
    "ENUM_NAME_OVERRIDES": {
        "StageEnum": "hezuo.projects.choices.Stage",
        "CauseEnum": "hezuo.assistance.choices.Cause",
        "MilestoneStatusEnum": "hezuo.projects.choices.MilestoneStatus",
        "AssistanceProjectStatusEnum": "hezuo.assistance.choices.ProjectStatus",
        "HouseholdStatusEnum": "hezuo.assistance.choices.HouseholdStatus",
        "EventStatusEnum": "hezuo.events.choices.EventStatus",
        "InterestStatusEnum": "hezuo.matchdesk.choices.InterestStatus",
        "MeetingOutcomeEnum": "hezuo.matchdesk.choices.MeetingOutcome",
        "PolicyStatusEnum": "hezuo.policies.choices.PolicyStatus",
        "ApplicationStatusEnum": "hezuo.policies.choices.ApplicationStatus",
    },
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}


# --- security ---
# Lock-out, two-factor and the production mode (HEZUO_ENV=production). Everything below this
# line belongs to the security settings; `hezuo check --deploy` must report nothing in production.
from datetime import timedelta  # noqa: E402

from django.core.exceptions import ImproperlyConfigured  # noqa: E402

HEZUO_ENV = os.environ.get("HEZUO_ENV", "development").strip().lower()
PRODUCTION = HEZUO_ENV == "production"

# django-axes: 5 failures for one user name from one address lock that pair for 15 minutes.
AXES_ENABLED = True  # in tests too: the test client is handled by LockoutBackend
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "hezuo.accounts.security.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # logins and logouts are in Hezuo's own audit log already
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    # Behind a TLS-terminating proxy that sets this header (e.g. HTTP_X_FORWARDED_PROTO) to
    # "https" and strips it from what clients send.
    SECURE_PROXY_SSL_HEADER = (os.environ["SECURE_PROXY_SSL_HEADER"], "https")

# django-otp: the issuer shown in authenticator apps.
OTP_TOTP_ISSUER = "Hezuo"

# Content-Security-Policy (django-csp), in every mode so that the browser tests run under it:
# scripts only from this site or inline with the request's nonce (`{{ request.csp_nonce }}`),
# no plugins, no framing, forms post only here. Styles allow inline `style=` attributes (layout
# widths in templates; Tom Select and htmx set element styles).
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
    }
}

SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True

if PRODUCTION:
    DEBUG = False
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "HEZUO_ENV=production needs a SECRET_KEY environment variable of at least 50 random "
            "characters, e.g. from: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31536000  # one year
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Pages send the CSRF token in a form field or the htmx header (base.html), never read the
    # cookie from JavaScript.
    CSRF_COOKIE_HTTPONLY = True
    SESSION_COOKIE_AGE = 8 * 3600  # one working day

# --- imports: upload limits ---
# What an uploaded ledger may hold before it is refused with a message (hezuo.core.tabular
# ReadLimits; checked on upload, then streaming before anything is read into memory). The
# defaults fit the benchmark (bench/imports: a 1,000,000-row persons .csv of about 85 MB and
# a 200,000-row .xlsx) with room, and keep one import under about 1.5 GB of memory.
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("IMPORT_MAX_UPLOAD_BYTES", 256 * 2**20))
# Rows of a sheet, header included (.csv and .xlsx; Excel itself stops at 1,048,576).
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", 1_100_000))
# Columns of any row (the widest ledger has 19).
IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", 64))
# Rows × columns of an .xlsx sheet's used range: calamine reads a sheet whole into a dense grid
# (about 100 bytes a cell with its text); 4,000,000 cells = 500,000 rows of the persons ledger.
IMPORT_MAX_XLSX_CELLS = int(os.environ.get("IMPORT_MAX_XLSX_CELLS", 4_000_000))
# Unpacked size of all the members of an .xlsx file (a zip archive): a 500,000-row export
# unpacks to about 250 MB.
IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("IMPORT_MAX_UNCOMPRESSED_BYTES", 400 * 2**20))
# Unpacked ÷ packed size of an .xlsx member over 1 MB (real sheets: 5-50; a zip bomb: ~1000).
IMPORT_MAX_COMPRESSION_RATIO = int(os.environ.get("IMPORT_MAX_COMPRESSION_RATIO", 200))
# Errors kept in a job's row and shown (with the count of all of them).
IMPORT_MAX_STORED_ERRORS = int(os.environ.get("IMPORT_MAX_STORED_ERRORS", 1000))
# Imports running at once in one process (the others wait, "queued").
IMPORT_MAX_RUNNING_JOBS = int(os.environ.get("IMPORT_MAX_RUNNING_JOBS", 2))
