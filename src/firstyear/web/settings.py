"""Django settings for firstyear, all from environment variables (see ``dotenv-sample``).

``FIRSTYEAR_ENV=production`` is strict: it refuses to start without a secret key, with DEBUG
on, or without allowed hosts. Development (the default) keeps data in ``FIRSTYEAR_DATA_DIR``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from firstyear.reviews.keys import development_field_key
from firstyear.web.config import data_dir, development_secret, env_bool, env_int

BASE_DIR = Path(__file__).resolve().parent
ENVIRONMENT = os.environ.get("FIRSTYEAR_ENV", "development").strip().lower()
if ENVIRONMENT not in {"development", "production", "test"}:
    raise ImproperlyConfigured(
        f"FIRSTYEAR_ENV={ENVIRONMENT!r}: use development, production or test."
    )
PRODUCTION = ENVIRONMENT == "production"

if ENVIRONMENT == "test" and not os.environ.get("FIRSTYEAR_DATA_DIR"):
    import tempfile

    os.environ["FIRSTYEAR_DATA_DIR"] = tempfile.mkdtemp(prefix="firstyear-test-")
DATA_DIR = data_dir()
DEBUG = env_bool("FIRSTYEAR_DEBUG", default=ENVIRONMENT == "development")

SECRET_KEY = os.environ.get("FIRSTYEAR_SECRET_KEY", "")
if PRODUCTION:
    if len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "FIRSTYEAR_SECRET_KEY is missing or shorter than 32 characters. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    if DEBUG:
        raise ImproperlyConfigured("FIRSTYEAR_DEBUG must be off when FIRSTYEAR_ENV=production.")
elif not SECRET_KEY:
    SECRET_KEY = development_secret(DATA_DIR)

# Keys that encrypt child death review identifiers at rest (Fernet; comma-separated, newest first,
# so old keys still decrypt while `firstyear reviews rotate-key` re-encrypts). Never in the database.
FIRSTYEAR_FIELD_KEY = os.environ.get("FIRSTYEAR_FIELD_KEY", "").strip()
if PRODUCTION and not FIRSTYEAR_FIELD_KEY:
    raise ImproperlyConfigured(
        "FIRSTYEAR_FIELD_KEY is required in production: it encrypts child death review identifiers. "
        "Generate one with: python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
    )
if not FIRSTYEAR_FIELD_KEY:
    FIRSTYEAR_FIELD_KEY = development_field_key(DATA_DIR)

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("FIRSTYEAR_ALLOWED_HOSTS", "").split(",") if h.strip()]
if not ALLOWED_HOSTS:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "FIRSTYEAR_ALLOWED_HOSTS is required in production, e.g. firstyear.example.gov.uk"
        )
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "ninja",
    "firstyear.web",
    "firstyear.accounts",
    "firstyear.areas",
    "firstyear.indicators",
    "firstyear.reports",
    "firstyear.plans",
    "firstyear.reviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "firstyear.accounts.middleware.LoginRequiredUnlessPublicMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "firstyear.web.urls"
WSGI_APPLICATION = "firstyear.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "firstyear.web.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'firstyear.sqlite3'}",
        conn_max_age=env_int("FIRSTYEAR_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed during an import; IMMEDIATE transactions plus a busy timeout
    # make concurrent writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"].setdefault("TEST", {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Login throttling (django-axes): lock an account/IP pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("FIRSTYEAR_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login form posts the email as "username" (Django's AuthenticationForm), not as "email".
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Aggregate, published pages (area profiles, indicators, the values API) may be open to the
# public; everything else always needs a login.
FIRSTYEAR_PUBLIC_AGGREGATES = env_bool("FIRSTYEAR_PUBLIC_AGGREGATES", default=True)

# Rendered charts and profiles are cached per process, keyed on the data version.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "firstyear",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("FIRSTYEAR_STATIC_ROOT") or DATA_DIR / "static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    # Development serves static files from the apps (finders); WhiteNoise still expects the root.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = DATA_DIR / "uploads"
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("FIRSTYEAR_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("FIRSTYEAR_LOG_LEVEL", "WARNING")},
}
