"""The Celery application.

Without CELERY_BROKER_URL the settings make every task run eagerly in the calling process,
so the embedded default needs no broker. Tasks are discovered in every installed app.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atmp_platform.settings.dev")

app = Celery("atmp_platform")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
