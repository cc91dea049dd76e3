"""Wagtail's users app, installed with our user viewset.

It lives outside apps.py because Django picks an app's default AppConfig from apps.py and
would find two there.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersAdminConfig(WagtailUsersAppConfig):
    """The admin's user screens with our fields: one `full_name`, organisation, language."""

    user_viewset = "atmp_platform.accounts.viewsets.UserViewSet"
