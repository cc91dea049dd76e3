"""A laptop: debug pages, console e-mail, plain HTTP and demo accounts without MFA."""

from atmp_platform.ops.log_config import logging_config

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")  # noqa: S105
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ATMP_REQUIRE_MFA_FOR_STAFF = env.bool("ATMP_REQUIRE_MFA_FOR_STAFF", default=False)
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
ATMP_DEMO_ACCOUNTS = True
# Log lines for a person at a terminal; DJANGO_LOG_FORMAT=json shows what production writes.
ATMP_LOG_FORMAT = env.str("DJANGO_LOG_FORMAT", default="plain")
LOGGING = logging_config(
    log_format=ATMP_LOG_FORMAT, level=env.str("DJANGO_LOG_LEVEL", default="INFO")
)
