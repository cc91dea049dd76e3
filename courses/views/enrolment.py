"""Enrolment requests from students and decisions by trainers: parse, call one service, answer.

Every refusal by a service comes back as a message and changes nothing.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail.models import Locale

from courses import access
from courses.emails import module_in
from courses.enrolment import (
    MOTIVATION_MAX_LENGTH,
    apply_for_cohort,
    decide_enrolment,
    enrol_student,
    withdraw_enrolment,
)
from courses.models import Cohort, Enrolment


class ApplicationForm(forms.Form):
    motivation = forms.CharField(
        label=gettext_lazy("Why do you want to follow this module?"),
        help_text=gettext_lazy("Your background and what you hope to learn, for the trainers."),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MOTIVATION_MAX_LENGTH,
    )


def module_url(cohort: Cohort) -> str:
    """The cohort's module page in the active language where it is translated."""
    module = cohort.module
    translated = module.get_translation_or_none(Locale.get_active())
    return (translated if translated is not None and translated.live else module).url


def cohort_label(cohort: Cohort) -> str:
    """The cohort as the messages name it: its module's title in the active language."""
    return f"{module_in(cohort.module, translation.get_language()).title} · {cohort.name}"


def back(request, fallback: str) -> HttpResponseRedirect:
    """Redirect to the `next` the form posted when it is on this site, else to `fallback`."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(target if target and safe else fallback)


def report(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


ENROLLED_MESSAGES = {
    Enrolment.Status.ENROLLED: gettext_lazy("You are enrolled in %(cohort)s."),
    Enrolment.Status.WAITLISTED: gettext_lazy(
        "%(cohort)s is full: you are on its waiting list. We will e-mail you when a place "
        "comes free."
    ),
}


@login_required
@require_POST
def enrol(request, cohort_id: int):
    """Who: students (others get 403). Enrols in an open cohort, or waitlists when full."""
    cohort = get_object_or_404(Cohort.objects.select_related("module"), pk=cohort_id)
    try:
        enrolment = enrol_student(student=request.user, cohort=cohort)
    except ValidationError as error:
        report(request, error)
    else:
        message = ENROLLED_MESSAGES[enrolment.status] % {"cohort": cohort_label(cohort)}
        level = (
            messages.SUCCESS
            if enrolment.status == Enrolment.Status.ENROLLED
            else (messages.WARNING)
        )
        messages.add_message(request, level, message)
    return back(request, module_url(cohort))


@login_required
def apply(request, cohort_id: int):
    """Who: students (others get 403). Shows and takes the application form of a cohort
    that admits by application."""
    cohort = get_object_or_404(Cohort.objects.select_related("module"), pk=cohort_id)
    if not access.is_student(request.user):
        raise PermissionDenied(_("Only students can enrol in a cohort."))
    if cohort.enrolment_mode != Cohort.EnrolmentMode.APPLICATION:
        messages.info(request, _("This cohort is open: enrol directly instead of applying."))
        return redirect(module_url(cohort))
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            apply_for_cohort(
                student=request.user, cohort=cohort, motivation=form.cleaned_data["motivation"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your application for %(cohort)s is in: the trainers will decide.")
                % {"cohort": cohort_label(cohort)},
            )
            return redirect(module_url(cohort))
    context = {"form": form, "cohort": cohort, "module_url": module_url(cohort)}
    return render(request, "courses/apply.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def withdraw(request, enrolment_id: int):
    """Who: the enrolment's student, the cohort's trainers and programme administrators
    (others get 403)."""
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("cohort__module"), pk=enrolment_id
    )
    try:
        withdraw_enrolment(enrolment=enrolment, actor=request.user)
    except ValidationError as error:
        report(request, error)
    else:
        messages.success(
            request,
            _("The enrolment in %(cohort)s is withdrawn.")
            % {"cohort": cohort_label(enrolment.cohort)},
        )
    return back(request, module_url(enrolment.cohort))


@login_required
@require_POST
def decide(request, enrolment_id: int):
    """Who: trainers of the enrolment's cohort and programme administrators (others get 403).
    Accepts, waitlists or refuses; `decision` and an optional `reason` come in the POST."""
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("cohort__module", "student"), pk=enrolment_id
    )
    if not access.manages_cohort(request.user, enrolment.cohort):
        raise PermissionDenied(_("Only the cohort's trainers and programme administrators decide."))
    try:
        decided = decide_enrolment(
            enrolment=enrolment,
            decision=request.POST.get("decision", ""),
            actor=request.user,
            reason=request.POST.get("reason", "").strip()[:1000],
        )
    except ValidationError as error:
        report(request, error)
    else:
        messages.success(
            request,
            _("%(student)s: %(status)s.")
            % {"student": decided.student.full_name, "status": decided.get_status_display()},
        )
    return back(request, reverse("trainer:cohort", args=[enrolment.cohort_id]))
