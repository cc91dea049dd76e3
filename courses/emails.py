"""Enrolment confirmations, written in the student's preferred language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from courses.models import Enrolment, ModulePage

SUBJECTS = {
    "enrolled": _("You are enrolled in %(module)s"),
    "waitlisted": _("You are on the waiting list for %(module)s"),
    "applied": _("We received your application for %(module)s"),
    "accepted": _("You have a place in %(module)s"),
    "refused": _("Your application for %(module)s was not accepted"),
    "withdrawn": _("Your enrolment in %(module)s is withdrawn"),
}
MESSAGES = {
    "enrolled": _("You are enrolled in %(module)s, cohort %(cohort)s."),
    "waitlisted": _(
        "Cohort %(cohort)s of %(module)s is full, so you are on its waiting list. When a place "
        "comes free, it goes to the student who has waited longest, and we will let you know."
    ),
    "applied": _(
        "We received your application for %(module)s, cohort %(cohort)s. The trainers will "
        "decide and we will let you know."
    ),
    "accepted": _("You have a place in %(module)s, cohort %(cohort)s. You can start the lessons."),
    "refused": _("Your application for %(module)s, cohort %(cohort)s, was not accepted."),
    "withdrawn": _("Your enrolment in %(module)s, cohort %(cohort)s, is withdrawn."),
}
SUBJECT_PREFIX = "[ATMP XB] "


def module_in(module: ModulePage, language: str) -> ModulePage:
    """The module page in `language` when it is translated and live, else the page itself."""
    locale = Locale.objects.filter(language_code=language).first()
    translated = module.get_translation_or_none(locale) if locale else None
    return translated.specific if translated is not None and translated.live else module


def send_enrolment_confirmation(enrolment: Enrolment, kind: str, reason: str = "") -> None:
    """E-mail the student what happened to their enrolment (`kind`: a key of SUBJECTS)."""
    student = enrolment.student
    with translation.override(student.preferred_language or settings.LANGUAGE_CODE):
        module = module_in(enrolment.cohort.module, translation.get_language())
        names = {"module": module.title, "cohort": enrolment.cohort.name}
        context = {
            "message": MESSAGES[kind] % names,
            "student": student,
            "cohort": enrolment.cohort,
            "module": module,
            "url": module.get_full_url(),
            "reason": reason,
        }
        subject = SUBJECT_PREFIX + str(SUBJECTS[kind] % names)
        text = render_to_string("courses/email/enrolment.txt", context)
        html = render_to_string("courses/email/enrolment.html", context)
    message = EmailMultiAlternatives(subject, text, to=[student.email])
    message.attach_alternative(html, "text/html")
    message.send()
