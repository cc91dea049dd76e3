"""Content Security Policy.

Django 5.2 has no CSP of its own. The public site and our own views load scripts and styles
only from this origin; Wagtail's admin still needs inline styles, so the admin gets a policy
that allows them.
"""

from django.conf import settings

SITE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data: blob:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "media-src": "'self' blob:",
    "frame-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}
ADMIN_OVERRIDES = {
    "script-src": "'self' 'unsafe-inline'",
    "style-src": "'self' 'unsafe-inline'",
    "frame-ancestors": "'self'",
    "img-src": "'self' data: blob: https:",
}

# Lesson pages frame the H5P player, which production serves from its own cookieless origin
# (DESIGN.md, H5P); the player's views send their own, stricter policy.
if settings.H5P_PLAYER_ORIGIN:
    SITE_POLICY["frame-src"] = f"'self' {settings.H5P_PLAYER_ORIGIN.rstrip('/')}"


def build_policy(overrides: dict[str, str] | None = None) -> str:
    policy = {**SITE_POLICY, **(overrides or {})}
    return "; ".join(f"{name} {value}" for name, value in policy.items())


SITE_HEADER = build_policy()
ADMIN_HEADER = build_policy(ADMIN_OVERRIDES)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefixes = tuple(f"/{code}/admin/" for code, _ in settings.LANGUAGES) + (
            "/admin/",
        )

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" in response:
            return response
        is_admin = request.path_info.startswith(self.admin_prefixes)
        response["Content-Security-Policy"] = ADMIN_HEADER if is_admin else SITE_HEADER
        return response
