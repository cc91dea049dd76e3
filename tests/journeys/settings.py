"""The journeys' server: the test settings (MFA enforced as in production) on the database the
session fixture made, with demo accounts, eager tasks and e-mail written to files the tests
read. The fixture sets the environment variables read here; nothing else should use them."""

import os
import warnings

from atmp_platform.settings.test import *  # noqa: F403

# Static files come from the finders: no collectstatic per run.
warnings.filterwarnings("ignore", message="No directory at")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False

# Media as the reverse proxy serves it in production.
ROOT_URLCONF = "tests.journeys.urls"
# The journeys' own throwaway database carries the published demo password.
ATMP_DEMO_ACCOUNTS = True
# Wagtail's own tasks (search and reference index) run on save, as on the real site; the test
# settings may drop them for speed.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# One server process: tasks run in it and its memory is the cache (rate limits included).
CELERY_BROKER_URL = ""
CELERY_TASK_ALWAYS_EAGER = True
REDIS_URL = ""
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["JOURNEYS_MAIL_DIR"]
MEDIA_ROOT = os.environ["JOURNEYS_MEDIA_ROOT"]
H5P_ROOT = os.environ["JOURNEYS_H5P_ROOT"]
H5P_SPOOL_ROOT = os.environ["JOURNEYS_H5P_SPOOL_ROOT"]
ATMP_CREDENTIAL_KEY_DIR = os.environ["JOURNEYS_KEY_DIR"]
WAGTAILADMIN_BASE_URL = os.environ.get("JOURNEYS_BASE_URL", "http://127.0.0.1")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
