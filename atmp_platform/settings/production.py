"""Production: base.py is already safe; this only hardens it further."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ATMP_REQUIRE_MFA_FOR_STAFF = True
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=60 * 60 * 8)
CSRF_COOKIE_HTTPONLY = True
EMAIL_TIMEOUT = 10
