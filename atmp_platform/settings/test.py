"""The test suite: fast hashing, in-memory e-mail, MFA enforced as in production."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "test-only-key-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ATMP_REQUIRE_MFA_FOR_STAFF = True
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "test-media")
# Tests that load the demo store H5P files while their rows are rolled back: keep those out of
# the development store (var/h5p). Tests that look at the files point these at tmp_path.
H5P_ROOT = env.path("H5P_ROOT", default=BASE_DIR / "var" / "test-h5p")
H5P_SPOOL_ROOT = env.path("H5P_SPOOL_ROOT", default=BASE_DIR / "var" / "test-h5p-spool")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Wagtail keeps its search index and its reference index ("used by") current through
# django-tasks, at once on every save of a page or snippet: a third of the time of a test that
# builds pages. Here those tasks are queued and dropped; the tests that search or read usage
# run them with the `wagtail_index_tasks` fixture (tests/conftest.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

# Plain lines: the services run's Celery worker keeps Celery's own log format, in which
# .ci/run looks for the task it ran (ops/apps.py). tests/ops read the JSON lines themselves.
ATMP_LOG_FORMAT = "plain"
# Wagtail's immediate task backend logs every task at INFO: keep test output readable.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Parallel test processes (pytest-xdist) each clear the cache before every test; with Redis
# they would clear each other's rate-limit counters and cached pages. Each process gets a
# Redis database of its own; anything else with these settings (the Celery worker of the
# services run) keeps the database REDIS_URL names.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _XDIST_WORKER.startswith("gw"):  # noqa: F405
    CACHES["default"]["LOCATION"] = (  # noqa: F405
        f"{REDIS_URL.rsplit('/', 1)[0]}/{2 + int(_XDIST_WORKER[2:])}"  # noqa: F405
    )
