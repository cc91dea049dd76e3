"""Production: base.py is already safe; this only hardens it further."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
# Credentials must be signed with the issuer's real key, never a generated development key.
ATMP_CREDENTIAL_SIGNING_KEY = env.str("ATMP_CREDENTIAL_SIGNING_KEY")
if not ATMP_CREDENTIAL_SIGNING_KEY:
    raise ImproperlyConfigured("Set ATMP_CREDENTIAL_SIGNING_KEY (see .env.example).")
ATMP_REQUIRE_MFA_FOR_STAFF = True
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=60 * 60 * 8)
CSRF_COOKIE_HTTPONLY = True
EMAIL_TIMEOUT = 10
