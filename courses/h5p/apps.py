from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class H5PConfig(AppConfig):
    name = "courses.h5p"
    label = "h5p"
    verbose_name = _("H5P interactive content")

    def ready(self):
        # Register the upload task in every process, not only in the worker that
        # autodiscovers it: services.queue_h5p_upload enqueues it by name.
        from . import tasks  # noqa: F401
