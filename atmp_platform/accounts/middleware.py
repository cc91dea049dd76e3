from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from allauth.mfa.models import Authenticator

from .roles import needs_mfa

# Paths (after any language prefix) that only trainers and administrators reach.
PROTECTED_PREFIXES = ("/admin/", "/trainer/")
# Authenticators that are a second factor on their own (recovery codes only back them up).
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
SESSION_NEXT_KEY = "atmp_mfa_setup_next"


def strip_language_prefix(path: str) -> str:
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return path[len(prefix) - 1 :]
    return path


def safe_next(request, url: str | None) -> str | None:
    """`url` when it is a path on this site, otherwise None."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


class RequireMFAMiddleware:
    """Send trainers and administrators without a second factor to set one up.

    Enforced when ATMP_REQUIRE_MFA_FOR_STAFF is true (production and tests); the demo may
    switch it off. Only the trainer and admin areas are guarded: such a user can still
    read the public site and reach the MFA set-up pages themselves. The page they were
    going to is kept in the session, and the MFA pages offer to continue there once a
    second factor exists.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.ATMP_REQUIRE_MFA_FOR_STAFF and self._is_protected(request):
            user = request.user
            if needs_mfa(user) and not has_second_factor(user):
                return self._redirect_to_setup(request)
            if user.is_authenticated:
                request.session.pop(SESSION_NEXT_KEY, None)
        return self.get_response(request)

    @staticmethod
    def _is_protected(request) -> bool:
        return strip_language_prefix(request.path_info).startswith(PROTECTED_PREFIXES)

    def _redirect_to_setup(self, request):
        messages.warning(
            request,
            _("Set up two-factor authentication before you open trainer or admin pages."),
        )
        target = reverse("mfa_index")
        next_url = safe_next(request, request.get_full_path()) if request.method == "GET" else None
        if next_url:
            request.session[SESSION_NEXT_KEY] = next_url
            target = f"{target}?{urlencode({'next': next_url})}"
        return redirect(target)
