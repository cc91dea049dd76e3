from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "atmp_platform.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import personal_data, signals  # noqa: F401  (connects the role-change audit)

        personal_data.register_all()
        _use_our_name_form_on_the_admin_account_page()


def _use_our_name_form_on_the_admin_account_page() -> None:
    # Wagtail offers no hook to replace this panel's form, and its own form would ask for
    # first and last names that our user model does not have.
    from wagtail.admin.views.account import NameEmailSettingsPanel

    from .admin_forms import AdminAccountNameForm

    NameEmailSettingsPanel.form_class = AdminAccountNameForm
