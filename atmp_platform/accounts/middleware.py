from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from allauth.mfa.models import Authenticator

from .roles import needs_mfa

# Paths (after the language prefix) that only trainers and administrators reach.
PROTECTED_PREFIXES = ("/admin/", "/trainer/")


def _strip_language_prefix(path: str) -> str:
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return path[len(prefix) - 1 :]
    return path


class RequireMFAMiddleware:
    """Send trainers and administrators without a second factor to set one up.

    Enforced when ATMP_REQUIRE_MFA_FOR_STAFF is true (production and tests); the demo may
    switch it off. Only the trainer and admin areas are guarded: such a user can still
    read the public site and reach the MFA set-up pages themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up_mfa(request):
            messages.warning(
                request,
                _("Set up two-factor authentication before you open trainer or admin pages."),
            )
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.get_full_path()}")
        return self.get_response(request)

    def _must_set_up_mfa(self, request) -> bool:
        if not settings.ATMP_REQUIRE_MFA_FOR_STAFF:
            return False
        path = _strip_language_prefix(request.path_info)
        if not path.startswith(PROTECTED_PREFIXES):
            return False
        user = request.user
        if not needs_mfa(user):
            return False
        return not Authenticator.objects.filter(user=user).exists()
