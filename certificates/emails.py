"""The e-mail that brings a holder their new certificate, in their preferred language."""

from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Certificate
from .pdf import holder_language, verify_url
from .urls_absolute import absolute

SUBJECT_PREFIX = "[ATMP XB] "


def attachment_name(certificate: Certificate) -> str:
    return f"atmp-xb-certificate-{certificate.certificate_type.code}-{certificate.issued_on}.pdf"


def send_certificate_issued(certificate: Certificate) -> None:
    """E-mail the holder that `certificate` is issued, with the PDF attached and links to
    their certificates and to the public verify page. Raises what the mail backend raises."""
    holder = certificate.holder
    language = holder_language(certificate)
    with translation.override(language):
        context = {
            "certificate": certificate,
            "holder": holder,
            "type_name": certificate.certificate_type.name,
            "holder_url": absolute(reverse("holder:list")),
            "verify_url": verify_url(certificate, language),
        }
        subject = SUBJECT_PREFIX + _("Your certificate: %(type)s") % {"type": context["type_name"]}
        text = render_to_string("certificates/email/issued.txt", context)
        html = render_to_string("certificates/email/issued.html", context)
    message = EmailMultiAlternatives(subject, text, to=[holder.email])
    message.attach_alternative(html, "text/html")
    with default_storage.open(certificate.pdf.name, "rb") as file:
        message.attach(attachment_name(certificate), file.read(), "application/pdf")
    message.send()
