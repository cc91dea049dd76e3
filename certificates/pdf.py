"""The certificate as a bilingual A4 PDF (WeasyPrint), with a QR code to its verify page.

Rendering never touches the network: the only resources the page may load are our own
static files (the stylesheet and the fonts installed from npm), served from disk by
`StaticOnlyFetcher`. Everything else is refused, and a refused or missing resource stops the
render instead of silently falling back to whatever fonts the machine has.
"""

import threading
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

import segno
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import urls_absolute
from .models import Certificate, Competency, ProficiencyLevel

LANGUAGES = ("nl", "en")
STYLESHEET = "css/certificate-pdf.css"
QR_ERROR_LEVEL = "m"

LABELS = {
    "certificate": _("Certificate"),
    "network": _("Cross-border learning network for advanced therapies"),
    "awarded_to": _("Awarded to"),
    "statement": _("What this certificate attests"),
    "competency": _("Competency"),
    "level": _("Level achieved"),
    "issued_on": _("Issued on"),
    "valid_until": _("Valid until"),
    "number": _("Certificate number"),
    "verify": _("Verify this certificate:"),
    "scope": _("What this certificate does not attest"),
    "revoked": _("Revoked"),
    "disclaimer": _(
        "This certificate attests knowledge, simulated proficiency and trainer-observed "
        "competence until the date shown. It does not qualify the holder for unsupervised work "
        "in Grade A or B cleanrooms: that requires gowning qualification and an aseptic process "
        "simulation at the employer's site (EU GMP Annex 1)."
    ),
}


class StaticOnlyFetcher(URLFetcher):
    """Serves our own static files from disk; refuses every other URL."""

    def __init__(self, static_base: str):
        super().__init__(fail_on_errors=True)
        self.static_base = static_base

    def fetch(self, url, headers=None):
        if not url.startswith(self.static_base):
            raise ValueError(f"The certificate PDF may not load {url}.")
        name = unquote(urlsplit(url).path).removeprefix(urlsplit(self.static_base).path)
        path = _static_file(name) if ".." not in name.split("/") else None
        if path is None:
            raise ValueError(f"No static file {name} for the certificate PDF.")
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _content_type(name)})


def _static_file(name: str) -> Path | None:
    """The file from the static folders (static/, node_modules/ as vendor/), or else as
    collected into STATIC_ROOT (a deployment that ships only the collected files)."""
    found = finders.find(name)
    if found:
        return Path(found)
    collected = Path(settings.STATIC_ROOT) / name
    return collected if collected.is_file() else None


def _content_type(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower()
    types = {"css": "text/css", "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf"}
    return types.get(suffix, "application/octet-stream")


def static_base() -> str:
    """The absolute URL our static files have on the site (the page's base URL)."""
    return urljoin(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/", settings.STATIC_URL)


def holder_language(certificate: Certificate) -> str:
    holder = certificate.holder
    language = getattr(holder, "preferred_language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def verify_url(certificate: Certificate, language: str | None = None) -> str:
    """The public verify page of `certificate`, in the holder's language unless given."""
    return urls_absolute.verify_url(certificate.public_id, language or holder_language(certificate))


def qr_code(url: str) -> segno.QRCode:
    return segno.make(url, error=QR_ERROR_LEVEL, micro=False)


def qr_svg(url: str) -> str:
    """Inline SVG of the QR code, sized by the stylesheet (no width or height of its own)."""
    return qr_code(url).svg_inline(
        scale=1, border=0, dark="#15243a", omitsize=True, svgclass="qr-code", title=url
    )


def bilingual(text) -> dict[str, str]:
    """{"nl": …, "en": …}: the same message in both languages of the certificate."""
    pair = {}
    for language in LANGUAGES:
        with translation.override(language):
            pair[language] = str(text)
    return pair


def long_date(day: date | None) -> dict[str, str]:
    """27 november 2026 / 27 November 2026."""
    pair = {}
    for language in LANGUAGES:
        with translation.override(language):
            pair[language] = formats.date_format(day, "j F Y") if day else ""
    return pair


def competency_rows(basis: list[dict]) -> list[dict]:
    """The competencies the certificate rests on, as the framework names them, in its order."""
    codes = [entry["competency"] for entry in basis]
    competencies = {c.code: c for c in Competency.objects.filter(code__in=codes)}
    levels = {level.value: level for level in ProficiencyLevel.objects.all()}
    rows = []
    for entry in basis:
        competency = competencies.get(entry["competency"])
        level = levels.get(entry["level"])
        valid_until = entry.get("valid_until")
        rows.append(
            {
                "code": entry["competency"],
                "title_nl": competency.title_nl if competency else "",
                "title_en": competency.title_en if competency else "",
                "order": (competency.sort_order, competency.code) if competency else (0, ""),
                "level": entry["level"],
                "level_nl": level.name_nl if level else "",
                "level_en": level.name_en if level else "",
                "valid_until": date.fromisoformat(valid_until) if valid_until else None,
            }
        )
    return sorted(rows, key=lambda row: row["order"])


def revocation_notice(certificate: Certificate) -> dict[str, str] | None:
    """For a revoked certificate, "Revoked on <date>" in both languages; None otherwise."""
    if certificate.status != Certificate.Status.REVOKED or certificate.revoked_at is None:
        return None
    dates = long_date(timezone.localdate(certificate.revoked_at))
    notice = {}
    for language in LANGUAGES:
        with translation.override(language):
            notice[language] = gettext("Revoked on %(date)s") % {"date": dates[language]}
    return notice


def certificate_context(certificate: Certificate) -> dict:
    url = verify_url(certificate)
    certificate_type = certificate.certificate_type
    return {
        # A revoked certificate's PDF is made again with this notice across the page; the
        # one issued stays on file as it was signed.
        "revoked": revocation_notice(certificate),
        "certificate": certificate,
        "type": certificate_type,
        "labels": {key: bilingual(text) for key, text in LABELS.items()},
        "competencies": competency_rows(certificate.basis),
        "issued_on": long_date(certificate.issued_on),
        "valid_until": long_date(certificate.valid_until),
        "verify_url": url,
        # segno's own SVG of our own URL: nothing in it comes from a user.
        "qr_svg": mark_safe(qr_svg(url)),  # noqa: S308
    }


def certificate_html(certificate: Certificate) -> str:
    return render_to_string("certificates/pdf/certificate.html", certificate_context(certificate))


_resources = threading.local()


def _stylesheet(base: str) -> tuple[CSS, FontConfiguration]:
    """The parsed stylesheet with its fonts loaded, kept per thread: loading the fonts costs
    as much as laying out the page, and Pango's font objects are not shared across threads."""
    cached = getattr(_resources, "stylesheet", None)
    if cached is None or cached[0] != base:
        fonts = FontConfiguration()
        css = CSS(
            url=urljoin(base, STYLESHEET), url_fetcher=StaticOnlyFetcher(base), font_config=fonts
        )
        cached = _resources.stylesheet = (base, css, fonts)
    return cached[1], cached[2]


def certificate_document(certificate: Certificate):
    """WeasyPrint's laid-out document (its pages and boxes), before it is written as a PDF."""
    base = static_base()
    css, fonts = _stylesheet(base)
    html = HTML(
        string=certificate_html(certificate), base_url=base, url_fetcher=StaticOnlyFetcher(base)
    )
    return html.render(stylesheets=[css], font_config=fonts)


def render_certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as a one-page A4 PDF. Pure: reads the database, writes nothing."""
    return certificate_document(certificate).write_pdf()
