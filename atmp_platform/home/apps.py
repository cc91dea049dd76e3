from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "atmp_platform.home"
    label = "home"
    verbose_name = _("Home")

    def ready(self):
        from . import signals

        signals.connect()
