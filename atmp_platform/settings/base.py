"""Settings shared by every environment, safe for production on their own.

Everything that differs between machines comes from the environment (see .env.example).
dev.py relaxes these settings for a laptop; production.py only hardens them.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

import environ

from atmp_platform.ops.log_config import logging_config
from atmp_platform.ops.sentry import init_sentry

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Empty unless set: Django then refuses to start rather than run with a known key.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "atmp_platform.accounts.admin_config.UsersAdminConfig",  # wagtail.users, our forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_celery_beat",
    "django_htmx",
]
LOCAL_APPS = [
    "atmp_platform.core",
    "atmp_platform.ops",
    "atmp_platform.audit",
    "atmp_platform.outbox",
    "atmp_platform.accounts",
    "atmp_platform.home",
    "atmp_platform.news",
    "atmp_platform.partners",
    "certificates",
    "simulations",
    "courses.h5p",
    "courses",
]
INSTALLED_APPS = LOCAL_APPS + DJANGO_APPS + THIRD_PARTY_APPS

MIDDLEWARE = [
    # /healthz answers before anything can redirect, refuse the Host or touch the session.
    "atmp_platform.ops.health.HealthCheckMiddleware",
    "atmp_platform.ops.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "atmp_platform.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "atmp_platform.accounts.actor.ActorMiddleware",
    "atmp_platform.accounts.middleware.RequireMFAMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "atmp_platform.home.sites.CachedSiteMiddleware",
]

ROOT_URLCONF = "atmp_platform.urls"
WSGI_APPLICATION = "atmp_platform.wsgi.application"

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
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the one writer; the busy timeout makes writers queue
    # instead of failing with "database is locked"; IMMEDIATE takes the write lock up
    # front so that two transactions cannot deadlock upgrading their read locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # RedisCache that degrades to misses when Redis is down (ops_cache.py).
            "BACKEND": "atmp_platform.ops_cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "atmp",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "/"

# django-allauth
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 60
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[ATMP XB] "
ACCOUNT_ADAPTER = "atmp_platform.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "atmp_platform.accounts.forms.SignupForm"}
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "10/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "5/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "reauthenticate": "10/m/user",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    # The public credential check (certificates/views/verify.py): enough for a person, not a bot.
    "verify_credential": "20/m/ip,200/h/ip",
    # A trainee's actions in a simulation run (simulations/views/runs.py): a click a second.
    "simulation_action": "60/m/user",
    # A revoked certificate's PDF, made again on each download (certificates/views/holder.py).
    "revoked_certificate_pdf": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "ATMP XB"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
# Trainers and programme administrators must have MFA before they reach their pages.
# The demo (dev settings) may switch this off so that its accounts work at once.
ATMP_REQUIRE_MFA_FOR_STAFF = env.bool("ATMP_REQUIRE_MFA_FOR_STAFF", default=True)
# A trainer signs an assessment only this many seconds after re-authenticating (Annex 11 §14).
ATMP_SIGNATURE_REAUTH_SECONDS = env.int("ATMP_SIGNATURE_REAUTH_SECONDS", default=60)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
# locale/third_party rewords some allauth and Django strings in the site's terms; it stays out
# of makemessages' reach (which writes only to the first path and skips directories named locale).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "third_party"]
# Short dates in words ("17 nov 2027" / "17 Nov 2027"): atmp_platform/formats/.
FORMAT_MODULE_PATH = ["atmp_platform.formats"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static", ("vendor", BASE_DIR / "node_modules")]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# H5P (DESIGN.md, H5P): the library store and uploaded content live under H5P_ROOT, served by
# our own views (nosniff, sandbox CSP), never straight from MEDIA_ROOT. Uploads above
# H5P_BACKGROUND_UPLOAD_BYTES wait in the private spool for a Celery task.
H5P_ROOT = env.path("H5P_ROOT", default=BASE_DIR / "var" / "h5p")
H5P_SPOOL_ROOT = env.path("H5P_SPOOL_ROOT", default=BASE_DIR / "var" / "h5p-spool")
H5P_MAX_UPLOAD_BYTES = env.int("H5P_MAX_UPLOAD_BYTES", default=50 * 1024 * 1024)
H5P_BACKGROUND_UPLOAD_BYTES = env.int("H5P_BACKGROUND_UPLOAD_BYTES", default=5 * 1024 * 1024)
# A separate, cookieless origin for the player in production, e.g. https://h5p.atmp-xb.eu;
# empty: a sandboxed iframe without allow-same-origin on the site's own origin.
H5P_PLAYER_ORIGIN = env.str("H5P_PLAYER_ORIGIN", default="")
# How long a player token (courses/h5p/tokens.py) stays valid: a lesson opened longer ago
# needs a reload before its exercises load again.
H5P_PLAYER_TOKEN_MAX_AGE = env.int("H5P_PLAYER_TOKEN_MAX_AGE", default=4 * 60 * 60)

# Open Badges 3.0 credentials (certificates/keys.py): the issuer's Ed25519 seed, base64url.
# Empty: a development key generated once in ATMP_CREDENTIAL_KEY_DIR (production refuses).
ATMP_CREDENTIAL_SIGNING_KEY = env.str("ATMP_CREDENTIAL_SIGNING_KEY", default="")
# Public Multikeys (z6Mk…) of earlier signing keys whose credentials still verify.
ATMP_CREDENTIAL_PREVIOUS_PUBLIC_KEYS = env.list("ATMP_CREDENTIAL_PREVIOUS_PUBLIC_KEYS", default=[])
ATMP_CREDENTIAL_KEY_DIR = env.path("ATMP_CREDENTIAL_KEY_DIR", default=BASE_DIR / "var" / "keys")

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# Where django.core.mail.backends.filebased.EmailBackend writes each message (the scale-out
# tests read their e-mail there).
EMAIL_FILE_PATH = env.path("DJANGO_EMAIL_FILE_PATH", default=BASE_DIR / "var" / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ATMP XB <noreply@atmp-xb.eu>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: eager in-process execution unless a broker is configured.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Whom expiry reminders go to besides the holder: a function person -> users, named by its
# dotted path because certificates never imports courses, where the cohorts are.
ATMP_REMINDER_RECIPIENTS = "courses.evidence.trainers_for"
# Where a simulation run may be started from besides practice mode: "<kind>:<id>" contexts,
# each checked by a function (user, id, scenario) -> bool named by its dotted path, because
# simulations never imports courses, where the lessons are.
ATMP_SIMULATION_CONTEXTS = {"lesson": "courses.blocks.may_start_simulation_from_lesson"}

# Wagtail's own background work (search index, reference index) stays in-process.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

WAGTAIL_SITE_NAME = "ATMP XB"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "txt", "csv"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
# E-mail addresses change through allauth, which verifies the new one.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# No Gravatar: it would send a hash of every admin user's e-mail address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# The admin's account settings offer these time zones. Left to Wagtail, the list is every name
# in the server's zoneinfo, Debian's "localtime" link included, which the browser refuses
# (a script error on the settings page).
WAGTAIL_USER_TIME_ZONES = ["Europe/Brussels", "Europe/Amsterdam", "UTC"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading commits the domain and all its subdomains to HTTPS in browsers for good.
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)

# Operations (atmp_platform/ops, deploy/): logs, the health check, private files, Sentry.
# "json": one object per line with the request id (ops/logs.py); "plain" for a terminal.
ATMP_LOG_FORMAT = env.str("DJANGO_LOG_FORMAT", default="json")
LOGGING = logging_config(
    log_format=ATMP_LOG_FORMAT, level=env.str("DJANGO_LOG_LEVEL", default="INFO")
)
# /healthz: how long each check may take, and the free space MEDIA_ROOT and H5P_ROOT need.
ATMP_HEALTH_TIMEOUT_SECONDS = env.float("ATMP_HEALTH_TIMEOUT_SECONDS", default=2.0)
ATMP_HEALTH_MIN_FREE_BYTES = env.int("ATMP_HEALTH_MIN_FREE_BYTES", default=1024**3)
# Behind deploy/nginx: private files go out through nginx's internal location under this
# prefix (X-Accel-Redirect); empty: Django streams them itself (ops/files.py).
ATMP_X_ACCEL_REDIRECT_PREFIX = env.str("ATMP_X_ACCEL_REDIRECT_PREFIX", default="")
# Behind nginx every request comes from 127.0.0.1: the rate limits per address (sign-in,
# sign-up, verify, simulation actions) must read the client's address from the X-Forwarded-For
# entry our proxy appends, or one person's failures would lock everyone out. Only a count of
# proxies we run is trusted, so a client cannot choose its own address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ATMP_TRUSTED_PROXY_COUNT", default=0)
init_sentry(
    dsn=env.str("SENTRY_DSN", default=""),
    environment=env.str("SENTRY_ENVIRONMENT", default=""),
    release=env.str("SENTRY_RELEASE", default=""),
    traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
)
