from django.apps import AppConfig
from django.conf import settings

from celery import signals


def keep_django_logging(**kwargs) -> None:
    """setup_logging: with JSON logs the worker keeps Django's LOGGING (applied by
    django.setup()) instead of Celery's own format, so its lines read like the web's."""


class OpsConfig(AppConfig):
    name = "atmp_platform.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from . import logs

        signals.before_task_publish.connect(logs.send_request_id, weak=False)
        signals.task_prerun.connect(logs.adopt_request_id, weak=False)
        signals.task_postrun.connect(logs.drop_request_id, weak=False)
        if settings.ATMP_LOG_FORMAT == "json":
            signals.setup_logging.connect(keep_django_logging, weak=False)
