"""The bench: test settings on a file SQLite database built afresh by every run.

No page cache and no cache middleware: each request renders its page. The local-memory cache
stays, as Redis would in production, for what Wagtail itself keeps there (site root paths).
"""

import warnings

from atmp_platform.settings.test import *  # noqa: F403
from atmp_platform.settings.test import BASE_DIR

# Static files come from the finders here; WhiteNoise would warn that nothing was collected.
warnings.filterwarnings("ignore", message="No directory at")

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "var" / "bench.sqlite3",
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BROKER_URL = ""
CELERY_TASK_ALWAYS_EAGER = True
ROOT_URLCONF = "bench.urls"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# load_demo builds the bench's content; its accounts never leave this throwaway database.
ATMP_DEMO_ACCOUNTS = True
