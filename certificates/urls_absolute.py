"""Absolute URLs that go into signed documents. They are built from WAGTAILADMIN_BASE_URL, not
from a request, so that a credential says the same whoever triggered its signing."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def site_url() -> str:
    return absolute("/")


def issuer_url() -> str:
    return absolute(reverse("credentials:issuer"))


def status_list_url(list_id: int) -> str:
    return absolute(reverse("credentials:status_list", kwargs={"list_id": list_id}))


def achievement_url(code: str, language: str) -> str:
    return absolute(reverse("credentials:achievement", kwargs={"code": code, "language": language}))


def verify_url(public_id, language: str) -> str:
    """The public verify page of a certificate, in `language` (the PDF's QR code)."""
    with translation.override(language):
        return absolute(reverse("verify:certificate", kwargs={"public_id": public_id}))
