from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "atmp_platform.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import personal_data, signals  # noqa: F401  (connects the role-change audit)

        personal_data.register_all()
