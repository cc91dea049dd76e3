"""The holder's competencies and certificates: the list, the downloads and the share link."""

import json
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from allauth.core.internal import ratelimit

from atmp_platform.ops.files import protected_file_response

from ..credentials import limitation
from ..holdings import CERTIFICATE_STATE_LABELS, certificates_of, holdings_for, level_names
from ..models import EXPIRING_SOON_DAYS, Certificate, Competency
from ..pdf import render_certificate_pdf
from ..revocation import may_revoke
from ..sharing import share_certificate, stop_sharing

PENDING_STATUS = 409
# Remaking a revoked certificate's PDF (settings.ACCOUNT_RATE_LIMITS).
REVOKED_PDF_RATE_LIMIT = "revoked_certificate_pdf"


@dataclass
class CertificateRow:
    certificate: Certificate
    state: str
    share_url: str
    # Days from today to the certificate's last valid day.
    days_left: int

    @property
    def expiring_soon(self) -> bool:
        return self.state == Certificate.Status.ISSUED and self.days_left <= EXPIRING_SOON_DAYS

    @property
    def shareable(self) -> bool:
        """A revoked certificate is not handed out again; a link made before can still be
        switched off."""
        return self.state != Certificate.Status.REVOKED

    @property
    def state_label(self) -> str:
        return CERTIFICATE_STATE_LABELS[self.state]

    @property
    def ready(self) -> bool:
        return self.certificate.status != Certificate.Status.PENDING


def _share_url(request, certificate: Certificate) -> str:
    if not certificate.share_token:
        return ""
    return request.build_absolute_uri(reverse("holder:shared", args=[certificate.share_token]))


@login_required
@require_GET
@never_cache
def certificate_list(request):
    """Who: any signed-in user, for their own competencies and certificates. Visitors go to
    the login page."""
    today = timezone.localdate()
    rows = [
        CertificateRow(
            certificate,
            certificate.state_on(today),
            _share_url(request, certificate),
            (certificate.valid_until - today).days,
        )
        for certificate in certificates_of(request.user)
    ]
    context = {
        "holdings": holdings_for(request.user, today=today),
        "certificates": rows,
        "expiring_soon_days": EXPIRING_SOON_DAYS,
    }
    return render(request, "certificates/holder_list.html", context)


def _certificate_for(request, public_id: UUID) -> Certificate:
    """The certificate if the user holds it or is a programme administrator. Anyone else gets
    404: whether a certificate number exists is nobody else's business here (the public
    verify page answers that)."""
    certificates = Certificate.objects.select_related("certificate_type")
    if not may_revoke(request.user):
        certificates = certificates.filter(holder=request.user)
    certificate = certificates.filter(public_id=public_id).first()
    if certificate is None:
        raise Http404(_("No certificate of yours has this number."))
    return certificate


def _still_being_issued(request, certificate: Certificate) -> HttpResponse:
    context = {"certificate": certificate}
    return render(request, "certificates/holder_pending.html", context, status=PENDING_STATUS)


def download_name(certificate: Certificate, suffix: str) -> str:
    """An ASCII file name that says what it is: site, type, date and the start of the
    certificate number (two certificates of one type can share a date)."""
    return (
        f"atmp-xb-{certificate.certificate_type.code}-{certificate.issued_on:%Y-%m-%d}"
        f"-{certificate.public_id.hex[:8]}{suffix}"
    )


def _private_download(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@require_GET
def certificate_pdf(request, public_id: UUID):
    """Who: the holder and programme administrators; anyone else signed in gets 404, visitors
    go to the login page. A certificate still being issued answers 409 with a page saying so.

    A revoked certificate's PDF is made again with the revocation across the page, so that no
    copy handed out after it looks valid; the one issued stays on file, as it was signed.
    Making it takes a moment of CPU, so it is rate-limited per user (429).
    """
    certificate = _certificate_for(request, public_id)
    if certificate.status == Certificate.Status.PENDING or not certificate.pdf:
        return _still_being_issued(request, certificate)
    if certificate.status == Certificate.Status.REVOKED:
        return _revoked_pdf(request, certificate)
    filename = download_name(certificate, ".pdf")
    response = protected_file_response(
        certificate.pdf.path, content_type="application/pdf", filename=filename, inline=False
    )
    return _private_download(response, filename)


def _revoked_pdf(request, certificate: Certificate) -> HttpResponse:
    # allauth's public consume() never limits a GET; its limiter (the shared cache, the
    # account app's rates) does when asked to.
    allowed = ratelimit.consume(
        request,
        app="allauth.account",
        action=REVOKED_PDF_RATE_LIMIT,
        user=request.user,
        limit_get=True,
    )
    if not allowed:
        return render(request, "429.html", status=429)
    content = render_certificate_pdf(certificate)
    filename = download_name(certificate, "-revoked.pdf")
    return _private_download(HttpResponse(content, content_type="application/pdf"), filename)


def credential_response(certificate: Certificate, filename: str) -> HttpResponse:
    """The signed credential as stored, as an Open Badges 3.0 document: JSON-LD, UTF-8, a
    .json file (OB 3.0 §"Open Badges Document Formats": embedded proof)."""
    body = json.dumps(certificate.credential, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/ld+json; charset=utf-8")
    return _private_download(response, filename)


@login_required
@require_GET
def certificate_credential(request, public_id: UUID):
    """Who: the holder and programme administrators; anyone else signed in gets 404, visitors
    go to the login page. A certificate still being issued answers 409 with a page saying so.
    """
    certificate = _certificate_for(request, public_id)
    if certificate.status == Certificate.Status.PENDING or not certificate.credential:
        return _still_being_issued(request, certificate)
    return credential_response(certificate, download_name(certificate, "-credential.json"))


@login_required
@require_POST
def share(request, public_id: UUID):
    """Who: the holder only (POST with the CSRF token): `action` "share" creates or rotates
    the link, "stop" switches it off. Anyone else signed in gets 404; visitors go to the login
    page."""
    certificate = Certificate.objects.filter(public_id=public_id, holder=request.user).first()
    if certificate is None:
        raise Http404(_("No certificate of yours has this number."))
    action = request.POST.get("action")
    try:
        if action == "share" and certificate.status == Certificate.Status.REVOKED:
            messages.error(request, _("A revoked certificate can no longer be shared."))
        elif action == "share":
            had_link = bool(certificate.share_token)
            share_certificate(certificate=certificate, actor=request.user)
            messages.success(request, _share_message(had_link))
        elif action == "stop":
            stop_sharing(certificate=certificate, actor=request.user)
            messages.success(request, _("The share link is switched off. It no longer opens."))
        else:
            messages.error(request, _("Choose whether to share the certificate or stop sharing."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{reverse('holder:list')}#certificate-{certificate.public_id}")


def _share_message(had_link: bool) -> str:
    if had_link:
        return _("You have a new share link. The old link no longer opens.")
    return _("Your share link is ready. Anyone with the link can see this certificate.")


def _shared_certificate(token: str) -> Certificate | None:
    return (
        Certificate.objects.select_related("certificate_type")
        .filter(share_token=token)
        .exclude(share_token="")
        .first()
    )


def _link_gone(request) -> HttpResponse:
    response = render(request, "certificates/holder_shared_gone.html", status=404)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _basis(certificate: Certificate) -> list[dict]:
    """The competency statuses the certificate was issued on, with their names: two queries."""
    codes = [item.get("competency") for item in certificate.basis]
    competencies = {c.code: c for c in Competency.objects.filter(code__in=codes)}
    names = level_names()
    return [
        {
            "competency": competencies.get(item.get("competency")),
            "code": item.get("competency"),
            "level": item.get("level"),
            "level_name": names.get(item.get("level"), ""),
            "valid_until": _as_date(item.get("valid_until")),
        }
        for item in certificate.basis
    ]


def _as_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@require_GET
@never_cache
def shared(request, token: str):
    """Who: anyone with the link (public, not indexed). A rotated or switched-off token answers
    404 with a page that says the link no longer works."""
    certificate = _shared_certificate(token)
    if certificate is None or certificate.status == Certificate.Status.PENDING:
        return _link_gone(request)
    state = certificate.state_on(timezone.localdate())
    context = {
        "certificate": certificate,
        "state": state,
        "limitation": limitation(),
        "basis": _basis(certificate),
        "token": token,
    }
    response = render(request, "certificates/holder_shared.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def shared_credential(request, token: str):
    """Who: anyone with the share link: the credential of the shared certificate, to check
    it on the verify page or elsewhere. A rotated or switched-off token answers 404."""
    certificate = _shared_certificate(token)
    if certificate is None or not certificate.credential:
        return _link_gone(request)
    return credential_response(certificate, download_name(certificate, "-credential.json"))
